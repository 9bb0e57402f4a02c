namespace Analytics.Core.StepFunctions;

/// <summary>Where an execution's history came from: <c>executions.history_source</c>.</summary>
internal enum HistorySource
{
    /// <summary>GetExecutionHistory pages (<c>api</c>).</summary>
    Api,

    /// <summary>CloudWatch Logs lines of an EXPRESS state machine's log group (<c>logs</c>).</summary>
    Logs,
}

internal static class HistorySourceText
{
    public static ReadOnlySpan<byte> Utf8(this HistorySource source) => source == HistorySource.Logs ? "logs"u8 : "api"u8;
}
