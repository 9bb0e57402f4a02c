namespace Analytics.Emulator.World;

/// <summary>How ListExecutions orders a state machine's executions (newest first either way).</summary>
public enum ExecutionListOrder
{
    /// <summary>
    /// AWS's documented order: RUNNING executions by start date (or redrive date), closed ones by stop date. The first
    /// listing of a state machine simulates every execution it has to sort them (cached per world).
    /// </summary>
    Aws,

    /// <summary>By start date only: nothing to simulate up front, for very large worlds where the order does not matter.</summary>
    ByStart,
}
