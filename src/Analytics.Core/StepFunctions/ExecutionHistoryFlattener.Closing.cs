using Analytics.Core.Json;

namespace Analytics.Core.StepFunctions;

// How visits end: exited (succeeded or caught), aborted, failed with their container, or left open when the
// history ends; the attempt in flight ends with its visit.
public sealed partial class ExecutionHistoryFlattener
{
    private Outcome ExitOutcome(int visit)
    {
        ref var v = ref _visits[visit];
        return v.LastFailure == Outcome.None ? Outcome.Succeeded : Outcome.Caught;
    }

    /// <summary>A *StateAborted / *Aborted: the visit ends; if its own work had already failed, that is its outcome.</summary>
    private void AbortVisit(int visit, long id)
    {
        ref var v = ref _visits[visit];
        var outcome = FailureOutcome(v.LastFailure, Outcome.Aborted);
        CloseVisit(visit, outcome, id, _evTime);
    }

    private static Outcome FailureOutcome(Outcome lastFailure, Outcome otherwise) => lastFailure switch
    {
        Outcome.None => otherwise,
        Outcome.TimedOut => Outcome.TimedOut,
        Outcome.Aborted => Outcome.Aborted,
        _ => Outcome.Failed,
    };

    /// <summary>Closes every visit still open (at the terminal event, and at the end of the history).</summary>
    private void CloseOpenVisits(Outcome executionOutcome, long at, long eventId)
    {
        for (var i = 0; i < _visits.Count; i++)
        {
            if (!_visits[i].Open)
            {
                continue;
            }
            var fallback = executionOutcome switch
            {
                Outcome.Running => Outcome.Running,
                Outcome.TimedOut => Outcome.TimedOut,
                _ => Outcome.Aborted,
            };
            var outcome = executionOutcome == Outcome.Running ? Outcome.Running : FailureOutcome(_visits[i].LastFailure, fallback);
            CloseVisit(i, outcome, eventId, at);
        }
    }

    /// <summary>
    /// Closes the visits still open inside a Map/Parallel state whose body has ended (failed branches leave their
    /// failed task open; siblings get *StateAborted events only sometimes).
    /// </summary>
    private void CloseChildren(int container)
    {
        for (var i = container + 1; i < _visits.Count; i++)
        {
            if (_visits[i].Open && IsInside(i, container))
            {
                CloseVisit(i, FailureOutcome(_visits[i].LastFailure, Outcome.Aborted), -1, _evTime);
            }
        }
    }

    private bool IsInside(int visit, int container)
    {
        for (var v = _visits[visit].Enclosing; v >= 0; v = _visits[v].Enclosing)
        {
            if (v == container)
            {
                return true;
            }
        }
        return false;
    }

    private void CloseVisit(int visit, Outcome outcome, long exitedEventId, long exitedAt)
    {
        ref var v = ref _visits[visit];
        if (v.Type is StateType.Map or StateType.Parallel)
        {
            CloseChildren(visit);
        }
        if (v.Attempt.Open)
        {
            var attemptOutcome = outcome switch
            {
                Outcome.Running => Outcome.Running,
                Outcome.TimedOut => Outcome.TimedOut,
                _ => Outcome.Aborted,
            };
            WriteAttemptRow(visit, attemptOutcome, outcome == Outcome.Running ? NoTime : exitedAt, Slice.None);
        }
        v.Open = false;
        if (outcome is Outcome.Failed or Outcome.TimedOut && v.LastError.HasValue && v.Enclosing >= 0)
        {
            _visits[v.Enclosing].ChildError = v.LastError;
        }
        WriteVisitRow(visit, outcome, exitedEventId, outcome == Outcome.Running ? NoTime : exitedAt);
    }
}
