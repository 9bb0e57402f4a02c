namespace Analytics.Benchmarks.Corpus;

/// <summary>The shape of the synthetic GetExecutionHistory histories <see cref="HistoryGenerator"/> writes.</summary>
public sealed record GeneratorOptions
{
    /// <summary>Items of the inline Map state (each iteration runs one Task state); drawn uniformly.</summary>
    public int MinMapItems { get; init; } = 1;

    public int MaxMapItems { get; init; } = 6;

    /// <summary>Probability that a task attempt fails (and is retried, up to two retries, then caught).</summary>
    public double TaskFailureRate { get; init; } = 0.15;

    /// <summary>Size of each input/output JSON text; 0 writes none (as <c>includeExecutionData=false</c> does).</summary>
    public int PayloadBytes { get; init; }

    /// <summary>End the history like AWS at this many events (the last one ExecutionFailed / States.Runtime).</summary>
    public int MaxEvents { get; init; } = 25_000;
}
