namespace Analytics.Emulator.Simulation.Sfn;

/// <summary>
/// One Step Functions history event as simulated. Events are generated per thread of control (the main flow, a Map
/// iteration, a Parallel branch) with a pointer to the event they follow; the finished history is sorted by time
/// and numbered, and <see cref="PreviousEventId"/> comes from that pointer (which is what previousEventId means in
/// AWS histories: a parent, not the preceding line).
/// </summary>
internal sealed class SfnEvent
{
    public required string Type { get; init; }

    public long TimeMs { get; set; }

    public SfnEvent? Parent { get; init; }

    /// <summary>Generation order: breaks timestamp ties so that a parent always precedes its children.</summary>
    public int Seq { get; set; }

    public int Id { get; set; }

    public int PreviousEventId => Parent?.Id ?? 0;

    /// <summary>Dropped when a Map/Parallel failure or an abort cuts the thread that made it.</summary>
    public bool Dropped { get; set; }

    /// <summary>The state (or, for Map iterations, the Map state) the event belongs to.</summary>
    public string? Name { get; init; }

    public string? StateType { get; init; }

    public string? Error { get; init; }

    public string? Cause { get; init; }

    public string? Resource { get; init; }

    public string? ResourceType { get; init; }

    public string? Input { get; init; }

    public string? Output { get; init; }

    public int? TimeoutSeconds { get; init; }

    public int? HeartbeatSeconds { get; init; }

    public int? Index { get; init; }

    public int? Length { get; init; }

    public string? MapRunArn { get; init; }

    public string? WorkerName { get; init; }

    public int? RedriveCount { get; init; }

    public string? RoleArn { get; init; }

    public string? Region { get; init; }
}
