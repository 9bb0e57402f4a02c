using System.Text;
using Analytics.Core.Json;
using Analytics.Core.Schemas;

namespace Analytics.Core.StepFunctions;

// The execution as a whole: identity from its ARN, status/error/cause from its terminal event, redrives, counts.
public sealed partial class ExecutionHistoryFlattener
{
    private Slice _linkedMapRun;
    private Slice _linkedParent;
    private Slice _stateMachineArn;
    private Slice _stateMachineName;
    private Slice _executionName;
    private Slice _region;
    private Slice _account;
    private Slice _executionType;
    private long _stopTime;
    private byte[]? _status;
    private Outcome _statusOutcome;
    private Slice _error;
    private Slice _cause;
    private Slice _roleArn;
    private Slice _versionArn;
    private Slice _aliasArn;
    private long _inputBytes;
    private long _outputBytes;
    private int _redrives;
    private long _eventCount;
    private long _minId;
    private long _maxId;

    private protected override void ResetExecution()
    {
        _visits.Clear(_maxId);
        _eventBatch++;
        _arnRow = _visitArnRow = _visitNameRow = _attemptArnRow = _attemptNameRow = -1;
        _eventAccountRow = _eventRegionRow = _visitAccountRow = _visitRegionRow = _attemptAccountRow = _attemptRegionRow = -1;
        _stateMachineArn = _stateMachineName = _executionName = _region = _account = _executionType = Slice.None;
        _error = _cause = _roleArn = _versionArn = _aliasArn = _linkedMapRun = _linkedParent = Slice.None;
        _stopTime = NoTime;
        _status = null;
        _statusOutcome = Outcome.None;
        _inputBytes = _outputBytes = -1;
        _redrives = 0;
        _source = HistorySource.Api;
        _eventCount = 0;
        _minId = long.MaxValue;
        _maxId = 0;
    }

    /// <summary>Region, account, state machine and execution name from
    /// <c>arn:partition:states:region:account:execution|express:stateMachine[/mapLabel]:name[:id]</c>.</summary>
    private protected override void ParseArn()
    {
        Span<Range> fields = stackalloc Range[8];
        var arn = _strings.Get(_arn);
        var parts = new ArnParts(arn, fields);
        if (!parts.IsArn || !parts.Service.SequenceEqual("states"u8))
        {
            return;
        }
        _region = Sub(parts.RangeOf(3));
        _account = Sub(parts.RangeOf(4));
        _executionType = _strings.Append(parts[5].SequenceEqual("express"u8) ? "EXPRESS"u8 : "STANDARD"u8);
        if (parts.Count >= 8)
        {
            _stateMachineName = Sub(parts.RangeOf(6));
            var name = parts.RangeOf(7);
            var rest = arn[name];
            var colon = rest.IndexOf((byte)':');
            _executionName = colon < 0 ? Sub(name) : new Slice(_arn.Start + name.Start.Value, colon);
            var start = _strings.Length;
            _strings.Append(arn[..parts.RangeOf(5).Start.Value]);
            _strings.Append("stateMachine:"u8);
            _strings.Append(parts[6]);
            _stateMachineArn = new Slice(start, _strings.Length - start);
        }
    }

    /// <summary>Copies a caller's text into the execution's strings (none for null).</summary>
    private Slice AppendText(string? value)
    {
        if (value is null)
        {
            return Slice.None;
        }
        var start = _strings.Length;
        var written = Encoding.UTF8.GetBytes(value, _strings.Reserve(Encoding.UTF8.GetMaxByteCount(value.Length)));
        _strings.Truncate(start + written);
        return new Slice(start, written);
    }

    private void CountEvent(long id)
    {
        _eventCount++;
        _minId = Math.Min(_minId, id);
        _maxId = Math.Max(_maxId, id);
    }

    private void OnExecutionStarted(int row)
    {
        if (_startTime == NoTime && _evTime != NoTime)
        {
            _startTime = _evTime;
            _events.Int64(EventColumns.ExecutionStartTime).Set(row, _startTime);
        }
        _roleArn = CopyText(row, EventColumns.RoleArn);
        _versionArn = CopyText(row, EventColumns.StateMachineVersionArn);
        _aliasArn = CopyText(row, EventColumns.StateMachineAliasArn);
        _inputBytes = BytesOf(row, EventColumns.InputBytes);
    }

    private void OnExecutionEnded(int row, EventTraits traits)
    {
        _status = traits.ExecutionStatus;
        _statusOutcome = traits.Outcome;
        _stopTime = _evTime;
        _error = CopyText(row, EventColumns.Error);
        _cause = CopyText(row, EventColumns.Cause);
        _outputBytes = BytesOf(row, EventColumns.OutputBytes);
        // Visits still open stay open: a redrive continues them. They are closed when the history ends.
    }

    private void OnExecutionRedriven(int row)
    {
        var count = _events.Int32(EventColumns.RedriveCount);
        _redrives = count.IsNull(row) ? _redrives + 1 : Math.Max(_redrives + 1, count.Get(row));
        _status = null;
        _statusOutcome = Outcome.None;
        _stopTime = NoTime;
        _error = _cause = Slice.None;
    }

    private long BytesOf(int row, int column)
    {
        var bytes = _events.Int64(column);
        return bytes.IsNull(row) ? -1 : bytes.Get(row);
    }

    private ExecutionSummary WriteExecutionRow()
    {
        var row = Output.AddRow(ExecutionsTable);
        var batch = Output[ExecutionsTable];
        var complete = _status is not null && _eventCount > 0 && _minId == 1 && _maxId == _eventCount;
        SetText(batch, ExecutionColumns.ExecutionArn, row, _arn);
        SetText(batch, ExecutionColumns.StateMachineArn, row, _stateMachineArn);
        SetText(batch, ExecutionColumns.StateMachineName, row, _stateMachineName);
        SetText(batch, ExecutionColumns.ExecutionName, row, _executionName);
        SetText(batch, ExecutionColumns.Type, row, _executionType);
        batch.Varchar(ExecutionColumns.Status).Set(row, _status ?? "RUNNING"u8);
        SetTime(batch, ExecutionColumns.StartTime, row, _startTime);
        SetTime(batch, ExecutionColumns.StopTime, row, _stopTime);
        SetDuration(batch, ExecutionColumns.DurationMs, row, _startTime, _stopTime);
        SetText(batch, ExecutionColumns.MapRunArn, row, _linkedMapRun);
        SetText(batch, ExecutionColumns.ParentExecutionArn, row, _linkedParent);
        batch.Int32(ExecutionColumns.RedriveCount).Set(row, _redrives);
        SetText(batch, ExecutionColumns.Error, row, _error);
        SetText(batch, ExecutionColumns.Cause, row, _cause);
        batch.Int64(ExecutionColumns.EventCount).Set(row, _eventCount);
        batch.Boolean(ExecutionColumns.HistoryComplete).Set(row, complete);
        SetTime(batch, ExecutionColumns.ExecutionStartTime, row, _startTime);
        SetText(batch, ExecutionColumns.StateMachineVersionArn, row, _versionArn);
        SetText(batch, ExecutionColumns.StateMachineAliasArn, row, _aliasArn);
        SetText(batch, ExecutionColumns.RoleArn, row, _roleArn);
        if (_inputBytes >= 0)
        {
            batch.Int64(ExecutionColumns.InputBytes).Set(row, _inputBytes);
        }
        if (_outputBytes >= 0)
        {
            batch.Int64(ExecutionColumns.OutputBytes).Set(row, _outputBytes);
        }
        batch.Varchar(ExecutionColumns.HistorySource).Set(row, _source.Utf8());
        SetText(batch, ExecutionColumns.AccountId, row, _account);
        SetText(batch, ExecutionColumns.Region, row, _region);
        return new ExecutionSummary(
            StatusName(_statusOutcome),
            _eventCount,
            _startTime == NoTime ? null : _startTime,
            _stopTime == NoTime ? null : _stopTime,
            _redrives,
            complete);
    }

    private static string StatusName(Outcome outcome) => outcome switch
    {
        Outcome.Succeeded => "SUCCEEDED",
        Outcome.Failed => "FAILED",
        Outcome.TimedOut => "TIMED_OUT",
        Outcome.Aborted => "ABORTED",
        _ => "RUNNING",
    };
}
