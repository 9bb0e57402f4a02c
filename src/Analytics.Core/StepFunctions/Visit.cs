using Analytics.Core.Json;

namespace Analytics.Core.StepFunctions;

/// <summary>One state entered during an execution, while the flattener tracks it (reused across executions).</summary>
internal struct Visit
{
    public Slice Name;
    /// <summary>An events row of batch <see cref="NameBatch"/> holding <see cref="Name"/> (later rows share it).</summary>
    public int NameRow;
    public int NameBatch;
    public StateType Type;
    public bool Open;
    public long EnteredEventId;
    public long EnteredAt;
    public int Enclosing;
    public int IterationIndex;
    public int Branch;
    /// <summary>Task attempts scheduled, or body (re)starts of a Map/Parallel state.</summary>
    public int Attempts;
    /// <summary>Parallel: the branch number the next state entered straight from ParallelStateStarted gets.</summary>
    public int NextBranch;
    public Outcome LastFailure;
    public Slice LastError;
    public Slice Resource;
    public Slice ResourceType;
    public Slice MapRunArn;
    /// <summary>Map/Parallel: the error of the latest state inside that failed (the container's own events carry none).</summary>
    public Slice ChildError;
    /// <summary>The attempt in flight (Task states): at most one per visit.</summary>
    public TaskAttempt Attempt;
}
