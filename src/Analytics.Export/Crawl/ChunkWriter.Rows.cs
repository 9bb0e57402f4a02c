using Analytics.Aws.Lambda.Model;
using Analytics.Aws.StepFunctions.Model;

namespace Analytics.Export.Crawl;

// Rows built from listings and Describe*/Get* responses (not from histories).
internal sealed partial class ChunkWriter
{
    private static readonly string[] s_listedExecutionColumns =
    [
        "execution_arn", "state_machine_arn", "state_machine_name", "execution_name", "type", "status", "start_time",
        "stop_time", "duration_ms", "map_run_arn", "parent_execution_arn", "redrive_count", "history_complete", "region",
        "account_id", "execution_start_time",
    ];

    public void AddStateMachine(DescribeStateMachineResponse d, string definitionSha256) =>
        _stage.Insert("state_machines", d.StateMachineArn, d.Name, d.Type, d.Status ?? "ACTIVE", d.CreationDate, definitionSha256,
            d.Definition, d.RoleArn, d.Description, d.Label, d.RevisionId, d.LoggingConfiguration?.Level, d.TracingConfiguration?.Enabled);

    /// <summary>One row per async-invoke configuration (qualifier); a function without any gets one row with nulls.</summary>
    public void AddFunction(FunctionConfiguration f, List<FunctionEventInvokeConfig> configs)
    {
        if (configs.Count == 0)
        {
            _stage.Insert("functions", f.FunctionArn, f.FunctionName, null, f.Runtime, f.IsDurable, null, null, null, null,
                f.MemorySize, f.Timeout, f.DurableConfig?.RetentionPeriodInDays, f.DurableConfig?.ExecutionTimeout, f.LastModified);
            return;
        }
        foreach (var config in configs)
        {
            var arn = config.FunctionArn ?? f.FunctionArn;
            var qualifier = arn is not null && f.FunctionArn is not null && arn.Length > f.FunctionArn.Length + 1 && arn.StartsWith(f.FunctionArn + ":", StringComparison.Ordinal)
                ? arn[(f.FunctionArn.Length + 1)..]
                : null;
            _stage.Insert("functions", arn, f.FunctionName, qualifier, f.Runtime, f.IsDurable, config.MaximumRetryAttempts,
                config.MaximumEventAgeInSeconds, config.DestinationConfig?.OnSuccess?.DestinationArn, config.DestinationConfig?.OnFailure?.DestinationArn,
                f.MemorySize, f.Timeout, f.DurableConfig?.RetentionPeriodInDays, f.DurableConfig?.ExecutionTimeout, f.LastModified);
        }
    }

    private void AddMapRun(DescribeMapRunResponse m, string stateMachineArn)
    {
        var i = m.ItemCounts;
        var e = m.ExecutionCounts;
        _stage.Insert("map_runs", m.MapRunArn, m.ExecutionArn, stateMachineArn.Length == 0 ? null : stateMachineArn, m.Status, m.StartDate, m.StopDate,
            m.MaxConcurrency, m.ToleratedFailurePercentage, m.ToleratedFailureCount,
            i.Pending, i.Running, i.Succeeded, i.Failed, i.TimedOut, i.Aborted, i.Total, i.ResultsWritten,
            e.Pending, e.Running, e.Succeeded, e.Failed, e.TimedOut, e.Aborted, e.Total, e.ResultsWritten,
            m.RedriveCount ?? 0, m.RedriveDate, DurationMs(m.StartDate, m.StopDate), m.StartDate);
    }

    /// <summary>A Map Run child known only from its listing (EXPRESS: no history exists).</summary>
    private void AddListedExecution(ExecutionListItem item, string parentArn)
    {
        var parts = item.ExecutionArn.Split(':');
        var machine = item.StateMachineArn;
        _stage.InsertColumns("executions", s_listedExecutionColumns,
            item.ExecutionArn, machine, ExportJob.NameOf(machine), item.Name,
            item.ExecutionArn.Contains(":express:", StringComparison.Ordinal) ? "EXPRESS" : "STANDARD", item.Status,
            item.StartDate, item.StopDate, DurationMs(item.StartDate, item.StopDate), item.MapRunArn, parentArn,
            item.RedriveCount ?? 0, false, parts.Length > 3 ? parts[3] : null, parts.Length > 4 ? parts[4] : null, item.StartDate);
    }

    private static object? DurationMs(DateTimeOffset start, DateTimeOffset? stop) =>
        stop is { } end ? (long)Math.Round((end - start).TotalMilliseconds) : null;
}
