namespace Analytics.Core.Durable;

/// <summary>
/// The Lambda <c>ExecutionStatus</c> of a durable execution (the newest model: <c>PAUSING</c>, <c>PAUSED</c> and
/// <c>DELETING</c> included). <see cref="DurableExecutionStatuses"/> holds the wire text, the one place it is spelled.
/// </summary>
public enum DurableExecutionStatus : byte
{
    /// <summary>A wire value this model does not know (or none).</summary>
    Unknown,
    Running,
    Pausing,
    Paused,
    Succeeded,
    Failed,
    TimedOut,
    Stopped,
    Deleting,
}

/// <summary>Wire text of <see cref="DurableExecutionStatus"/> and what each value means for an exporter.</summary>
public static class DurableExecutionStatuses
{
    private static readonly string[] s_text = ["", "RUNNING", "PAUSING", "PAUSED", "SUCCEEDED", "FAILED", "TIMED_OUT", "STOPPED", "DELETING"];
    private static readonly byte[][] s_utf8 = [.. s_text.Select(System.Text.Encoding.UTF8.GetBytes)];

    /// <summary>Every known status, in model order.</summary>
    public static IReadOnlyList<DurableExecutionStatus> All { get; } =
    [
        DurableExecutionStatus.Running, DurableExecutionStatus.Pausing, DurableExecutionStatus.Paused,
        DurableExecutionStatus.Succeeded, DurableExecutionStatus.Failed, DurableExecutionStatus.TimedOut,
        DurableExecutionStatus.Stopped, DurableExecutionStatus.Deleting,
    ];

    public static string WireText(this DurableExecutionStatus status) => s_text[(int)status];

    public static ReadOnlySpan<byte> WireUtf8(this DurableExecutionStatus status) => s_utf8[(int)status];

    /// <summary>The status for its wire text; <see cref="DurableExecutionStatus.Unknown"/> for anything else.</summary>
    public static DurableExecutionStatus Parse(string? text)
    {
        var index = text is { Length: > 0 } ? Array.IndexOf(s_text, text) : -1;
        return index > 0 ? (DurableExecutionStatus)index : DurableExecutionStatus.Unknown;
    }

    /// <summary>Not closed: the execution can still change (running, pausing or paused), so an exporter fetches it again.</summary>
    public static bool IsOpen(this DurableExecutionStatus status) =>
        status is DurableExecutionStatus.Running or DurableExecutionStatus.Pausing or DurableExecutionStatus.Paused;
}
