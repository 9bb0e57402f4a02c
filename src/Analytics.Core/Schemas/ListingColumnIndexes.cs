namespace Analytics.Core.Schemas;

// Column positions of the listing/Describe tables (map_runs) and the snapshot tables (kept in step by TableSchemasTests).

/// <summary>Column positions in <see cref="TableSchemas.MapRuns"/> (<c>map_runs</c>).</summary>
public static class MapRunColumns
{
    public const int MapRunArn = 0;
    public const int ExecutionArn = 1;
    public const int StateMachineArn = 2;
    public const int Status = 3;
    public const int StartTime = 4;
    public const int StopTime = 5;
    public const int MaxConcurrency = 6;
    public const int ToleratedFailurePercentage = 7;
    public const int ToleratedFailureCount = 8;
    public const int ItemsPending = 9;
    public const int ItemsRunning = 10;
    public const int ItemsSucceeded = 11;
    public const int ItemsFailed = 12;
    public const int ItemsTimedOut = 13;
    public const int ItemsAborted = 14;
    public const int ItemsTotal = 15;
    public const int ItemsResultsWritten = 16;
    public const int ExecutionsPending = 17;
    public const int ExecutionsRunning = 18;
    public const int ExecutionsSucceeded = 19;
    public const int ExecutionsFailed = 20;
    public const int ExecutionsTimedOut = 21;
    public const int ExecutionsAborted = 22;
    public const int ExecutionsTotal = 23;
    public const int ExecutionsResultsWritten = 24;
    public const int RedriveCount = 25;
    public const int RedriveDate = 26;
    public const int DurationMs = 27;
    public const int ExecutionStartTime = 28;
}

/// <summary>Column positions in <see cref="SnapshotSchemas.StateMachines"/> (<c>state_machines</c>).</summary>
public static class StateMachineColumns
{
    public const int StateMachineArn = 0;
    public const int Name = 1;
    public const int Type = 2;
    public const int Status = 3;
    public const int CreationDate = 4;
    public const int DefinitionSha256 = 5;
    public const int Definition = 6;
    public const int RoleArn = 7;
    public const int Description = 8;
    public const int Label = 9;
    public const int RevisionId = 10;
    public const int LoggingLevel = 11;
    public const int TracingEnabled = 12;
}

/// <summary>Column positions in <see cref="SnapshotSchemas.Functions"/> (<c>functions</c>).</summary>
public static class FunctionColumns
{
    public const int FunctionArn = 0;
    public const int FunctionName = 1;
    public const int Qualifier = 2;
    public const int Runtime = 3;
    public const int Durable = 4;
    public const int MaximumRetryAttempts = 5;
    public const int MaximumEventAgeSeconds = 6;
    public const int OnSuccessDestination = 7;
    public const int OnFailureDestination = 8;
    public const int MemorySize = 9;
    public const int TimeoutSeconds = 10;
    public const int DurableRetentionDays = 11;
    public const int DurableExecutionTimeoutSeconds = 12;
    public const int LastModified = 13;
}

/// <summary>Column positions in <see cref="SnapshotSchemas.ExportRuns"/> (<c>export_runs</c>).</summary>
public static class ExportRunColumns
{
    public const int RunId = 0;
    public const int StartedAt = 1;
    public const int FinishedAt = 2;
    public const int WindowStart = 3;
    public const int WindowEnd = 4;
    public const int Executions = 5;
    public const int Events = 6;
    public const int ApiCalls = 7;
    public const int Throttled = 8;
    public const int Retries = 9;
    public const int Failures = 10;
    public const int Shard = 11;
    public const int Quarantined = 12;
    public const int Running = 13;
    public const int Status = 14;
    public const int ApiCallsByApi = 15;
    public const int OpenExecutions = 16;
}

/// <summary>Column positions in <see cref="SnapshotSchemas.OpenExecutions"/> (<c>open_executions</c>).</summary>
public static class OpenExecutionColumns
{
    public const int ExecutionArn = 0;
    public const int SourceKind = 1;
    public const int StateMachineArn = 2;
    public const int FunctionArn = 3;
    public const int SourceName = 4;
    public const int ExecutionName = 5;
    public const int Status = 6;
    public const int StartTime = 7;
    public const int MapRunArn = 8;
    public const int ParentExecutionArn = 9;
}
