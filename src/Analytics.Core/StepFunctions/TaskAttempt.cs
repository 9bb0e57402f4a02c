namespace Analytics.Core.StepFunctions;

/// <summary>A Task state's attempt in flight, from its *Scheduled (or first *Started/end event when that is absent)
/// to the event that ends it: one <c>task_attempts</c> row.</summary>
internal struct TaskAttempt
{
    public bool Open;
    public AttemptFamily Family;
    public long ScheduledEventId;
    public long ScheduledAt;
    public long StartedAt;
}
