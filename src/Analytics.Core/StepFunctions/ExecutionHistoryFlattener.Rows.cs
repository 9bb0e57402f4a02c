using Analytics.Core.Columns;
using Analytics.Core.Json;
using Analytics.Core.Schemas;

namespace Analytics.Core.StepFunctions;

// The derived rows: state_visits, task_attempts, and the execution's summary.
public sealed partial class ExecutionHistoryFlattener
{
    private void WriteVisitRow(int visit, Outcome outcome, long exitedEventId, long exitedAt)
    {
        ref var v = ref _visits[visit];
        var row = Output.AddRow(StateVisitsTable);
        var batch = Output[StateVisitsTable];
        SetShared(batch, StateVisitColumns.ExecutionArn, row, _arn, ref _visitArnRow);
        SetShared(batch, StateVisitColumns.StateMachineName, row, _stateMachineName, ref _visitNameRow);
        SetText(batch, StateVisitColumns.StateName, row, v.Name);
        batch.Varchar(StateVisitColumns.StateType).Set(row, Names.StateTypeText(v.Type));
        batch.Int64(StateVisitColumns.EnteredEventId).Set(row, v.EnteredEventId);
        if (exitedEventId > 0)
        {
            batch.Int64(StateVisitColumns.ExitedEventId).Set(row, exitedEventId);
        }
        SetTime(batch, StateVisitColumns.EnteredAt, row, v.EnteredAt);
        SetTime(batch, StateVisitColumns.ExitedAt, row, exitedAt);
        SetDuration(batch, StateVisitColumns.DurationMs, row, v.EnteredAt, exitedAt);
        batch.Varchar(StateVisitColumns.Outcome).Set(row, Names.OutcomeText(outcome));
        batch.Int32(StateVisitColumns.Attempts).Set(row, v.Type is StateType.Task or StateType.Map or StateType.Parallel ? v.Attempts : 1);
        if (outcome != Outcome.Succeeded)
        {
            SetError(batch, StateVisitColumns.FinalError, row, v.LastError, outcome);
        }
        SetText(batch, StateVisitColumns.Resource, row, v.Resource);
        SetText(batch, StateVisitColumns.ResourceType, row, v.ResourceType);
        SetIndex(batch, StateVisitColumns.MapIterationIndex, row, v.IterationIndex);
        SetIndex(batch, StateVisitColumns.ParallelBranch, row, v.Branch);
        SetTime(batch, StateVisitColumns.ExecutionStartTime, row, _startTime);
        SetText(batch, StateVisitColumns.MapRunArn, row, v.MapRunArn);
        if (v.Enclosing >= 0)
        {
            SetText(batch, StateVisitColumns.ParentStateName, row, _visits[v.Enclosing].Name);
        }
        SetShared(batch, StateVisitColumns.AccountId, row, _account, ref _visitAccountRow);
        SetShared(batch, StateVisitColumns.Region, row, _region, ref _visitRegionRow);
    }

    private void WriteAttemptRow(int visit, Outcome outcome, long endedAt, Slice error)
    {
        ref var v = ref _visits[visit];
        v.Attempt.Open = false;
        var row = Output.AddRow(TaskAttemptsTable);
        var batch = Output[TaskAttemptsTable];
        SetShared(batch, TaskAttemptColumns.ExecutionArn, row, _arn, ref _attemptArnRow);
        SetText(batch, TaskAttemptColumns.StateName, row, v.Name);
        batch.Int32(TaskAttemptColumns.Attempt).Set(row, v.Attempts);
        SetText(batch, TaskAttemptColumns.ResourceType, row, v.ResourceType);
        SetText(batch, TaskAttemptColumns.Resource, row, v.Resource);
        SetTime(batch, TaskAttemptColumns.ScheduledAt, row, v.Attempt.ScheduledAt);
        SetTime(batch, TaskAttemptColumns.StartedAt, row, v.Attempt.StartedAt);
        SetTime(batch, TaskAttemptColumns.EndedAt, row, endedAt);
        SetDuration(batch, TaskAttemptColumns.QueueMs, row, v.Attempt.ScheduledAt, v.Attempt.StartedAt);
        SetDuration(batch, TaskAttemptColumns.RunMs, row, v.Attempt.StartedAt, endedAt);
        if (outcome != Outcome.None)
        {
            batch.Varchar(TaskAttemptColumns.Outcome).Set(row, Names.OutcomeText(outcome));
        }
        SetError(batch, TaskAttemptColumns.Error, row, error, outcome);
        SetTime(batch, TaskAttemptColumns.ExecutionStartTime, row, _startTime);
        SetShared(batch, TaskAttemptColumns.StateMachineName, row, _stateMachineName, ref _attemptNameRow);
        batch.Int64(TaskAttemptColumns.ScheduledEventId).Set(row, v.Attempt.ScheduledEventId);
        batch.Int64(TaskAttemptColumns.StateEnteredEventId).Set(row, v.EnteredEventId);
        SetIndex(batch, TaskAttemptColumns.MapIterationIndex, row, v.IterationIndex);
        SetIndex(batch, TaskAttemptColumns.ParallelBranch, row, v.Branch);
        SetShared(batch, TaskAttemptColumns.AccountId, row, _account, ref _attemptAccountRow);
        SetShared(batch, TaskAttemptColumns.Region, row, _region, ref _attemptRegionRow);
    }

    // Rows of the current execution that hold its ARN, state machine name, account and region in these tables' batches
    // (-1: none yet).
    private int _visitArnRow = -1, _visitNameRow = -1, _attemptArnRow = -1, _attemptNameRow = -1;
    private int _eventAccountRow = -1, _eventRegionRow = -1, _visitAccountRow = -1, _visitRegionRow = -1;
    private int _attemptAccountRow = -1, _attemptRegionRow = -1;

    /// <summary>
    /// A value the same for every row of the execution: copied once per batch, then shared. An earlier row of the
    /// same batch is always one of this execution's (a batch the execution started in had its row recorded here;
    /// after a flush every row is the execution's own).
    /// </summary>
    private void SetShared(ColumnBatch batch, int column, int row, Slice value, ref int sourceRow)
    {
        if (!value.HasValue)
        {
            return;
        }
        var text = batch.Varchar(column);
        if (sourceRow >= 0 && sourceRow < row)
        {
            text.SetSameAs(row, sourceRow);
            return;
        }
        text.Set(row, _strings.Get(value));
        sourceRow = row;
    }

    /// <summary>
    /// The error text; a timeout that named none (the execution's TimeoutSeconds ending a running attempt, or a
    /// *TimedOut without an error member) is <c>States.Timeout</c>, the name AWS gives it.
    /// </summary>
    private void SetError(ColumnBatch batch, int column, int row, Slice error, Outcome outcome)
    {
        if (error.HasValue)
        {
            SetText(batch, column, row, error);
        }
        else if (outcome == Outcome.TimedOut)
        {
            batch.Varchar(column).Set(row, Names.StatesTimeout);
        }
    }

    private static void SetIndex(ColumnBatch batch, int column, int row, int value)
    {
        if (value >= 0)
        {
            batch.Int32(column).Set(row, value);
        }
    }
}
