using System.Runtime.CompilerServices;

namespace Analytics.Core.Schemas;

// Column positions of the listing/Describe tables (map_runs) and the snapshot tables, looked up in their declarations
// by name as in ColumnIndexes.cs.

/// <summary>Column positions in <see cref="TableSchemas.MapRuns"/> (<c>map_runs</c>).</summary>
public static class MapRunColumns
{
    public static readonly int MapRunArn = Of();
    public static readonly int ExecutionArn = Of();
    public static readonly int StateMachineArn = Of();
    public static readonly int Status = Of();
    public static readonly int StartTime = Of();
    public static readonly int StopTime = Of();
    public static readonly int MaxConcurrency = Of();
    public static readonly int ToleratedFailurePercentage = Of();
    public static readonly int ToleratedFailureCount = Of();
    public static readonly int ItemsPending = Of();
    public static readonly int ItemsRunning = Of();
    public static readonly int ItemsSucceeded = Of();
    public static readonly int ItemsFailed = Of();
    public static readonly int ItemsTimedOut = Of();
    public static readonly int ItemsAborted = Of();
    public static readonly int ItemsTotal = Of();
    public static readonly int ItemsResultsWritten = Of();
    public static readonly int ExecutionsPending = Of();
    public static readonly int ExecutionsRunning = Of();
    public static readonly int ExecutionsSucceeded = Of();
    public static readonly int ExecutionsFailed = Of();
    public static readonly int ExecutionsTimedOut = Of();
    public static readonly int ExecutionsAborted = Of();
    public static readonly int ExecutionsTotal = Of();
    public static readonly int ExecutionsResultsWritten = Of();
    public static readonly int RedriveCount = Of();
    public static readonly int RedriveDate = Of();
    public static readonly int DurationMs = Of();
    public static readonly int ExecutionStartTime = Of();
    public static readonly int AccountId = Of();
    public static readonly int Region = Of();

    private static int Of([CallerMemberName] string field = "") => ColumnIndex.Of(TableSchemas.MapRuns, field);
}

/// <summary>Column positions in <see cref="SnapshotSchemas.StateMachines"/> (<c>state_machines</c>).</summary>
public static class StateMachineColumns
{
    public static readonly int StateMachineArn = Of();
    public static readonly int Name = Of();
    public static readonly int Type = Of();
    public static readonly int Status = Of();
    public static readonly int CreationDate = Of();
    public static readonly int DefinitionSha256 = Of();
    public static readonly int Definition = Of();
    public static readonly int RoleArn = Of();
    public static readonly int Description = Of();
    public static readonly int Label = Of();
    public static readonly int RevisionId = Of();
    public static readonly int LoggingLevel = Of();
    public static readonly int TracingEnabled = Of();
    public static readonly int AccountId = Of();
    public static readonly int Region = Of();

    private static int Of([CallerMemberName] string field = "") => ColumnIndex.Of(SnapshotSchemas.StateMachines, field);
}

/// <summary>Column positions in <see cref="SnapshotSchemas.Functions"/> (<c>functions</c>).</summary>
public static class FunctionColumns
{
    public static readonly int FunctionArn = Of();
    public static readonly int FunctionName = Of();
    public static readonly int Qualifier = Of();
    public static readonly int Runtime = Of();
    public static readonly int Durable = Of();
    public static readonly int MaximumRetryAttempts = Of();
    public static readonly int MaximumEventAgeSeconds = Of();
    public static readonly int OnSuccessDestination = Of();
    public static readonly int OnFailureDestination = Of();
    public static readonly int MemorySize = Of();
    public static readonly int TimeoutSeconds = Of();
    public static readonly int DurableRetentionDays = Of();
    public static readonly int DurableExecutionTimeoutSeconds = Of();
    public static readonly int LastModified = Of();
    public static readonly int AccountId = Of();
    public static readonly int Region = Of();

    private static int Of([CallerMemberName] string field = "") => ColumnIndex.Of(SnapshotSchemas.Functions, field);
}

/// <summary>Column positions in <see cref="SnapshotSchemas.ExportRuns"/> (<c>export_runs</c>).</summary>
public static class ExportRunColumns
{
    public static readonly int RunId = Of();
    public static readonly int StartedAt = Of();
    public static readonly int FinishedAt = Of();
    public static readonly int WindowStart = Of();
    public static readonly int WindowEnd = Of();
    public static readonly int Executions = Of();
    public static readonly int Events = Of();
    public static readonly int ApiCalls = Of();
    public static readonly int Throttled = Of();
    public static readonly int Retries = Of();
    public static readonly int Failures = Of();
    public static readonly int Shard = Of();
    public static readonly int Quarantined = Of();
    public static readonly int Running = Of();
    public static readonly int Status = Of();
    public static readonly int ApiCallsByApi = Of();
    public static readonly int OpenExecutions = Of();
    public static readonly int FailedUnits = Of();
    public static readonly int AccountId = Of();
    public static readonly int Region = Of();

    private static int Of([CallerMemberName] string field = "") => ColumnIndex.Of(SnapshotSchemas.ExportRuns, field);
}

/// <summary>Column positions in <see cref="SnapshotSchemas.OpenExecutions"/> (<c>open_executions</c>).</summary>
public static class OpenExecutionColumns
{
    public static readonly int ExecutionArn = Of();
    public static readonly int SourceKind = Of();
    public static readonly int StateMachineArn = Of();
    public static readonly int FunctionArn = Of();
    public static readonly int SourceName = Of();
    public static readonly int ExecutionName = Of();
    public static readonly int Status = Of();
    public static readonly int StartTime = Of();
    public static readonly int MapRunArn = Of();
    public static readonly int ParentExecutionArn = Of();
    public static readonly int AccountId = Of();
    public static readonly int Region = Of();

    private static int Of([CallerMemberName] string field = "") => ColumnIndex.Of(SnapshotSchemas.OpenExecutions, field);
}

/// <summary>Column positions in <see cref="SnapshotSchemas.ExportUnits"/> (<c>export_units</c>).</summary>
public static class ExportUnitColumns
{
    public static readonly int RunId = Of();
    public static readonly int AccountName = Of();
    public static readonly int Status = Of();
    public static readonly int Failures = Of();
    public static readonly int ApiCalls = Of();
    public static readonly int Throttled = Of();
    public static readonly int Executions = Of();
    public static readonly int Events = Of();
    public static readonly int MapRuns = Of();
    public static readonly int DurableExecutions = Of();
    public static readonly int AccountId = Of();
    public static readonly int Region = Of();

    private static int Of([CallerMemberName] string field = "") => ColumnIndex.Of(SnapshotSchemas.ExportUnits, field);
}
