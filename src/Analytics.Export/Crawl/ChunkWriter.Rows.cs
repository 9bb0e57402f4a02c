using Analytics.Aws.Lambda.Model;
using Analytics.Aws.StepFunctions.Model;
using Analytics.Core.Columns;
using Analytics.Core.Json;
using Analytics.Core.Schemas;

namespace Analytics.Export.Crawl;

// Rows built from listings and Describe*/Get* responses (not from histories): one typed writer per table, into the
// tables Core declares.
internal sealed partial class ChunkWriter
{
    public void AddStateMachine(DescribeStateMachineResponse d, string definitionSha256)
    {
        var (b, row) = _stage.AddRow(SnapshotSchemas.StateMachines);
        b.Set(StateMachineColumns.StateMachineArn, row, d.StateMachineArn);
        b.Set(StateMachineColumns.Name, row, d.Name);
        b.Set(StateMachineColumns.Type, row, d.Type);
        b.Set(StateMachineColumns.Status, row, d.Status ?? "ACTIVE");
        b.Set(StateMachineColumns.CreationDate, row, d.CreationDate);
        b.Set(StateMachineColumns.DefinitionSha256, row, definitionSha256);
        b.Set(StateMachineColumns.Definition, row, d.Definition);
        b.Set(StateMachineColumns.RoleArn, row, d.RoleArn);
        b.Set(StateMachineColumns.Description, row, d.Description);
        b.Set(StateMachineColumns.Label, row, d.Label);
        b.Set(StateMachineColumns.RevisionId, row, d.RevisionId);
        b.Set(StateMachineColumns.LoggingLevel, row, d.LoggingConfiguration?.Level);
        b.Set(StateMachineColumns.TracingEnabled, row, d.TracingConfiguration?.Enabled);
        SetLocation(b, row, d.StateMachineArn, StateMachineColumns.AccountId, StateMachineColumns.Region);
    }

    /// <summary>One row per async-invoke configuration (qualifier); a function without any gets one row with nulls.</summary>
    public void AddFunction(FunctionConfiguration f, List<FunctionEventInvokeConfig> configs)
    {
        if (configs.Count == 0)
        {
            AddFunctionRow(f, f.FunctionArn, null, null);
            return;
        }
        foreach (var config in configs)
        {
            var arn = config.FunctionArn ?? f.FunctionArn;
            var qualifier = arn is not null && f.FunctionArn is not null && arn.Length > f.FunctionArn.Length + 1 && arn.StartsWith(f.FunctionArn + ":", StringComparison.Ordinal)
                ? arn[(f.FunctionArn.Length + 1)..]
                : null;
            AddFunctionRow(f, arn, qualifier, config);
        }
    }

    private void AddFunctionRow(FunctionConfiguration f, string? arn, string? qualifier, FunctionEventInvokeConfig? config)
    {
        var (b, row) = _stage.AddRow(SnapshotSchemas.Functions);
        b.Set(FunctionColumns.FunctionArn, row, arn);
        b.Set(FunctionColumns.FunctionName, row, f.FunctionName);
        b.Set(FunctionColumns.Qualifier, row, qualifier);
        b.Set(FunctionColumns.Runtime, row, f.Runtime);
        b.Set(FunctionColumns.Durable, row, f.IsDurable);
        b.Set(FunctionColumns.MaximumRetryAttempts, row, config?.MaximumRetryAttempts);
        b.Set(FunctionColumns.MaximumEventAgeSeconds, row, config?.MaximumEventAgeInSeconds);
        b.Set(FunctionColumns.OnSuccessDestination, row, config?.DestinationConfig?.OnSuccess?.DestinationArn);
        b.Set(FunctionColumns.OnFailureDestination, row, config?.DestinationConfig?.OnFailure?.DestinationArn);
        b.Set(FunctionColumns.MemorySize, row, f.MemorySize);
        b.Set(FunctionColumns.TimeoutSeconds, row, f.Timeout);
        b.Set(FunctionColumns.DurableRetentionDays, row, f.DurableConfig?.RetentionPeriodInDays);
        b.Set(FunctionColumns.DurableExecutionTimeoutSeconds, row, f.DurableConfig?.ExecutionTimeout);
        b.Set(FunctionColumns.LastModified, row, f.LastModified);
        SetLocation(b, row, arn ?? f.FunctionArn, FunctionColumns.AccountId, FunctionColumns.Region);
    }

    private void AddMapRun(DescribeMapRunResponse m, string stateMachineArn)
    {
        var i = m.ItemCounts;
        var e = m.ExecutionCounts;
        var (b, row) = _stage.AddRow(TableSchemas.MapRuns);
        b.Set(MapRunColumns.MapRunArn, row, m.MapRunArn);
        b.Set(MapRunColumns.ExecutionArn, row, m.ExecutionArn);
        b.Set(MapRunColumns.StateMachineArn, row, stateMachineArn.Length == 0 ? null : stateMachineArn);
        b.Set(MapRunColumns.Status, row, m.Status);
        b.Set(MapRunColumns.StartTime, row, m.StartDate);
        b.Set(MapRunColumns.StopTime, row, m.StopDate);
        b.Set(MapRunColumns.MaxConcurrency, row, m.MaxConcurrency);
        b.Set(MapRunColumns.ToleratedFailurePercentage, row, m.ToleratedFailurePercentage);
        b.Set(MapRunColumns.ToleratedFailureCount, row, m.ToleratedFailureCount);
        b.Set(MapRunColumns.ItemsPending, row, i.Pending);
        b.Set(MapRunColumns.ItemsRunning, row, i.Running);
        b.Set(MapRunColumns.ItemsSucceeded, row, i.Succeeded);
        b.Set(MapRunColumns.ItemsFailed, row, i.Failed);
        b.Set(MapRunColumns.ItemsTimedOut, row, i.TimedOut);
        b.Set(MapRunColumns.ItemsAborted, row, i.Aborted);
        b.Set(MapRunColumns.ItemsTotal, row, i.Total);
        b.Set(MapRunColumns.ItemsResultsWritten, row, i.ResultsWritten);
        b.Set(MapRunColumns.ExecutionsPending, row, e.Pending);
        b.Set(MapRunColumns.ExecutionsRunning, row, e.Running);
        b.Set(MapRunColumns.ExecutionsSucceeded, row, e.Succeeded);
        b.Set(MapRunColumns.ExecutionsFailed, row, e.Failed);
        b.Set(MapRunColumns.ExecutionsTimedOut, row, e.TimedOut);
        b.Set(MapRunColumns.ExecutionsAborted, row, e.Aborted);
        b.Set(MapRunColumns.ExecutionsTotal, row, e.Total);
        b.Set(MapRunColumns.ExecutionsResultsWritten, row, e.ResultsWritten);
        b.Set(MapRunColumns.RedriveCount, row, m.RedriveCount ?? 0);
        b.Set(MapRunColumns.RedriveDate, row, m.RedriveDate);
        b.Set(MapRunColumns.DurationMs, row, DurationMs(m.StartDate, m.StopDate));
        b.Set(MapRunColumns.ExecutionStartTime, row, m.StartDate);
        SetLocation(b, row, m.MapRunArn, MapRunColumns.AccountId, MapRunColumns.Region);
    }

    /// <summary>A Map Run child known only from its listing (EXPRESS: no history exists).</summary>
    private void AddListedExecution(ExecutionListItem item, string parentArn)
    {
        var machine = item.StateMachineArn;
        var (b, row) = _stage.AddRow(TableSchemas.Executions);
        b.Set(ExecutionColumns.ExecutionArn, row, item.ExecutionArn);
        b.Set(ExecutionColumns.StateMachineArn, row, machine);
        b.Set(ExecutionColumns.StateMachineName, row, ExportJob.NameOf(machine));
        b.Set(ExecutionColumns.ExecutionName, row, item.Name);
        b.Set(ExecutionColumns.Type, row, item.ExecutionArn.Contains(":express:", StringComparison.Ordinal) ? "EXPRESS" : "STANDARD");
        b.Set(ExecutionColumns.Status, row, item.Status.Value);
        b.Set(ExecutionColumns.StartTime, row, item.StartDate);
        b.Set(ExecutionColumns.StopTime, row, item.StopDate);
        b.Set(ExecutionColumns.DurationMs, row, DurationMs(item.StartDate, item.StopDate));
        b.Set(ExecutionColumns.MapRunArn, row, item.MapRunArn);
        b.Set(ExecutionColumns.ParentExecutionArn, row, parentArn);
        b.Set(ExecutionColumns.RedriveCount, row, item.RedriveCount ?? 0);
        b.Set(ExecutionColumns.HistoryComplete, row, false);
        b.Set(ExecutionColumns.ExecutionStartTime, row, item.StartDate);
        SetLocation(b, row, item.ExecutionArn, ExecutionColumns.AccountId, ExecutionColumns.Region);
    }

    /// <summary>Every table's account_id and region, from the row's own ARN.</summary>
    private static void SetLocation(ColumnBatch b, int row, string? arn, int accountColumn, int regionColumn)
    {
        b.Set(accountColumn, row, ArnLocation.Account(arn));
        b.Set(regionColumn, row, ArnLocation.Region(arn));
    }

    private static long? DurationMs(DateTimeOffset start, DateTimeOffset? stop) =>
        stop is { } end ? (long)Math.Round((end - start).TotalMilliseconds) : null;
}
