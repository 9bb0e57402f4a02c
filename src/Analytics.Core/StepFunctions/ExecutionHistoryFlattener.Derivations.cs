using Analytics.Core.Columns;
using Analytics.Core.Json;
using Analytics.Core.Schemas;

namespace Analytics.Core.StepFunctions;

// Which state each event belongs to, and the state visits and task attempts it opens or closes. `previousEventId`
// is a parent pointer, not an ordering: concurrent Map iterations and Parallel branches interleave, and an event
// is attributed through its parent's state, so iterations that run the same state name pair correctly.
public sealed partial class ExecutionHistoryFlattener
{
    private readonly VisitTracker _visits = new();

    private void OnEvent(int row)
    {
        if (_evType >= 0)
        {
            // The row is final now: later rows of this type may share its text.
            _typeRows[_evType] = new SharedText(row, _eventBatch);
        }
        var traits = HistoryEventTypes.Traits(_evType);
        var id = _evId;
        CountEvent(id);
        _visits.EnsureCapacity(id);
        var parent = _visits.VisitOf(_evPrev);
        var visit = -1;
        var role = traits.Role;
        switch (role)
        {
            case EventRole.ExecutionStarted:
                OnExecutionStarted(row);
                break;
            case EventRole.ExecutionEnded:
                OnExecutionEnded(row, traits);
                break;
            case EventRole.ExecutionRedriven:
                OnExecutionRedriven(row);
                break;
            case EventRole.StateEntered:
                visit = EnterState(row, traits.StateType);
                break;
            case EventRole.StateExited:
                visit = _visits.FindOpenByName(parent, NameOf(row), traits.StateType, _strings);
                if (visit >= 0)
                {
                    CloseVisit(visit, ExitOutcome(visit), id, _evTime);
                }
                break;
            case EventRole.StateAborted:
                visit = _visits.FindOpen(parent, traits.StateType);
                if (visit >= 0)
                {
                    AbortVisit(visit, id);
                }
                break;
            case EventRole.ContainerStarted or EventRole.ContainerSucceeded or EventRole.ContainerFailed or EventRole.ContainerAborted
                or EventRole.MapIterationStarted or EventRole.MapIterationEnded or EventRole.MapRunStarted or EventRole.MapRunEnded:
                visit = _visits.FindOpen(parent, traits.StateType);
                if (visit >= 0)
                {
                    OnContainerEvent(visit, row, role, traits.Outcome, id);
                }
                break;
            case EventRole.AttemptScheduled or EventRole.AttemptStarted or EventRole.AttemptProgress or EventRole.AttemptEnded:
                visit = _visits.FindOpen(parent, StateType.Task);
                if (visit >= 0)
                {
                    OnAttemptEvent(visit, row, role, traits);
                }
                break;
            case EventRole.EvaluationFailed:
                visit = _visits.FindOpenByName(parent, NameOf(row), StateType.None, _strings);
                if (visit >= 0)
                {
                    ref var failed = ref _visits[visit];
                    failed.LastFailure = Outcome.Failed;
                    failed.LastError = CopyText(row, EventColumns.Error);
                }
                break;
            default:
                visit = parent;
                break;
        }
        if (id > 0)
        {
            _visits.Link(id, visit, role, role == EventRole.MapIterationStarted ? IndexOf(row) : -1);
        }
        if (visit >= 0)
        {
            AttributeEvent(row, visit, role);
        }
    }

    /// <summary>Fills the event's state columns from the visit it belongs to.</summary>
    private void AttributeEvent(int row, int visit, EventRole role)
    {
        var events = _events;
        ref var v = ref _visits[visit];
        var name = events.Varchar(EventColumns.StateName);
        if (name.IsNull(row))
        {
            SetRepeated(name, row, _strings.Get(v.Name), ref v.NameRow, ref v.NameBatch);
        }
        ref var typeSource = ref _stateTypeRows[(int)v.Type];
        SetRepeated(events.Varchar(EventColumns.StateType), row, Names.StateTypeText(v.Type), ref typeSource.Row, ref typeSource.Batch);
        var index = events.Int32(EventColumns.MapIterationIndex);
        if (role is not (EventRole.MapIterationStarted or EventRole.MapIterationEnded) && v.IterationIndex >= 0)
        {
            index.Set(row, v.IterationIndex);
        }
        if (v.Branch >= 0)
        {
            events.Int32(EventColumns.ParallelBranch).Set(row, v.Branch);
        }
    }

    private int EnterState(int row, StateType type)
    {
        var parentId = _evPrev;
        var enclosing = -1;
        var iteration = -1;
        var branch = -1;
        if (_visits.TryGetLink(parentId, out var parentVisit, out var parentRole, out var parentIndex))
        {
            ref var p = ref _visits[parentVisit];
            switch (parentRole)
            {
                case EventRole.MapIterationStarted:
                    enclosing = parentVisit;
                    iteration = parentIndex;
                    branch = p.Branch;
                    break;
                case EventRole.ContainerStarted when p.Open:
                    enclosing = parentVisit;
                    iteration = p.IterationIndex;
                    branch = p.Type == StateType.Parallel ? p.NextBranch++ : p.Branch;
                    break;
                default:
                    // The previous state in the same branch/iteration (its Exited event, usually).
                    enclosing = p.Enclosing;
                    iteration = p.IterationIndex;
                    branch = p.Branch;
                    break;
            }
        }
        var visit = _visits.Add();
        ref var v = ref _visits[visit];
        v.Name = CopyText(row, EventColumns.StateName);
        v.Type = type;
        v.Open = true;
        v.EnteredEventId = _evId;
        v.EnteredAt = _evTime;
        v.Enclosing = enclosing;
        v.IterationIndex = iteration;
        v.Branch = branch;
        if (type == StateType.Fail)
        {
            // A Fail state has no Exited event: it ends the execution (or its branch) as it is entered.
            CloseVisit(visit, Outcome.Failed, -1, _evTime);
        }
        return visit;
    }

    private void OnContainerEvent(int visit, int row, EventRole role, Outcome outcome, long id)
    {
        ref var v = ref _visits[visit];
        switch (role)
        {
            case EventRole.ContainerStarted:
                CloseChildren(visit);
                v.Attempts++;
                v.NextBranch = 0;
                v.LastFailure = Outcome.None;
                break;
            case EventRole.ContainerSucceeded:
                CloseChildren(visit);
                v.LastFailure = Outcome.None;
                break;
            case EventRole.ContainerFailed:
                CloseChildren(visit);
                v.LastFailure = Outcome.Failed;
                v.LastError = v.ChildError;
                break;
            case EventRole.ContainerAborted:
                AbortVisit(visit, id);
                break;
            case EventRole.MapRunStarted:
                var arn = _events.Varchar(EventColumns.MapRunArn);
                if (!arn.IsNull(row))
                {
                    v.MapRunArn = _strings.Append(arn.GetBytes(row));
                }
                break;
            case EventRole.MapRunEnded when outcome != Outcome.Succeeded:
                v.LastFailure = outcome;
                v.LastError = CopyText(row, EventColumns.Error);
                break;
        }
    }

    private void OnAttemptEvent(int visit, int row, EventRole role, EventTraits traits)
    {
        ref var v = ref _visits[visit];
        switch (role)
        {
            case EventRole.AttemptScheduled:
                if (v.Attempt.Open)
                {
                    WriteAttemptRow(visit, Outcome.None, NoTime, Slice.None);
                }
                OpenAttempt(ref v, row, traits.Family);
                break;
            case EventRole.AttemptStarted:
                if (!v.Attempt.Open)
                {
                    OpenAttempt(ref v, row, traits.Family);
                }
                v.Attempt.StartedAt = _evTime;
                break;
            case EventRole.AttemptEnded:
                if (!v.Attempt.Open)
                {
                    // *ScheduleFailed (and a lost Scheduled event): the attempt is born and ends here.
                    OpenAttempt(ref v, row, traits.Family);
                }
                var error = CopyText(row, EventColumns.Error);
                v.LastFailure = traits.Outcome == Outcome.Succeeded ? Outcome.None : traits.Outcome;
                v.LastError = traits.Outcome == Outcome.Succeeded ? Slice.None : error;
                WriteAttemptRow(visit, traits.Outcome, _evTime, error);
                break;
        }
    }

    private void OpenAttempt(ref Visit v, int row, AttemptFamily family)
    {
        v.Attempts++;
        v.Attempt.Open = true;
        v.Attempt.Family = family;
        v.Attempt.ScheduledEventId = _evId;
        v.Attempt.ScheduledAt = _evTime;
        v.Attempt.StartedAt = NoTime;
        var resource = _events.Varchar(EventColumns.Resource);
        if (!resource.IsNull(row))
        {
            v.Resource = _strings.Append(resource.GetBytes(row));
        }
        var resourceType = _events.Varchar(EventColumns.ResourceType);
        if (!resourceType.IsNull(row))
        {
            v.ResourceType = _strings.Append(resourceType.GetBytes(row));
        }
        else if (!v.ResourceType.HasValue && family != AttemptFamily.Task)
        {
            v.ResourceType = _strings.Append(Names.FamilyResourceType(family));
        }
    }

    private ReadOnlySpan<byte> NameOf(int row)
    {
        var column = _events.Varchar(EventColumns.StateName);
        return column.IsNull(row) ? default : column.GetBytes(row);
    }

    private int IndexOf(int row)
    {
        var column = _events.Int32(EventColumns.MapIterationIndex);
        return column.IsNull(row) ? -1 : column.Get(row);
    }

}
