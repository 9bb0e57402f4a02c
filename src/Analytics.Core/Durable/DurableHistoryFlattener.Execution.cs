using Analytics.Core.Json;
using Analytics.Core.Schemas;

namespace Analytics.Core.Durable;

// The durable execution as a whole: identity from its ARN, status and error from its terminal event.
public sealed partial class DurableHistoryFlattener
{
    private Slice _functionArn;
    private Slice _functionName;
    private Slice _version;
    private Slice _executionName;
    private Slice _region;
    private Slice _account;
    private long _endTime;
    private DurableExecutionStatus _status;
    private long _timeoutSeconds;
    private int _pauses;
    private long _lastPause;
    private long _lastResume;
    private int _timeoutPaused;
    private Slice _errorType;
    private Slice _errorMessage;
    private long _eventCount;
    private int _invocations;

    private protected override void ResetExecution()
    {
        _operationIds.Clear();
        _functionArn = _functionName = _version = _executionName = _region = _account = Slice.None;
        _errorType = _errorMessage = Slice.None;
        _endTime = _lastPause = _lastResume = NoTime;
        _status = DurableExecutionStatus.Unknown;
        _timeoutSeconds = NoTime;
        _pauses = 0;
        _timeoutPaused = -1;
        _eventCount = 0;
        _invocations = 0;
    }

    /// <summary>
    /// <c>arn:partition:lambda:region:account:function:name:version/durable-execution/executionName/executionId</c>.
    /// </summary>
    private protected override void ParseArn()
    {
        Span<Range> fields = stackalloc Range[7];
        var arn = _strings.Get(_arn);
        var parts = new ArnParts(arn, fields);
        if (!parts.IsArn || !parts.Service.SequenceEqual("lambda"u8) || parts.Count < 7)
        {
            return;
        }
        _region = Sub(parts.RangeOf(3));
        _account = Sub(parts.RangeOf(4));
        var resource = parts.RangeOf(6);
        var (start, length) = resource.GetOffsetAndLength(arn.Length);
        var rest = arn.Slice(start, length);
        var colon = rest.IndexOf((byte)':');
        var slash = rest.IndexOf("/durable-execution/"u8);
        var nameEnd = colon >= 0 ? colon : slash >= 0 ? slash : rest.Length;
        _functionName = new Slice(_arn.Start + start, nameEnd);
        _functionArn = new Slice(_arn.Start, start + nameEnd);
        if (colon >= 0 && slash > colon)
        {
            _version = new Slice(_arn.Start + start + colon + 1, slash - colon - 1);
        }
        if (slash >= 0)
        {
            var afterMarker = start + slash + "/durable-execution/".Length;
            var tail = arn[afterMarker..];
            var end = tail.IndexOf((byte)'/');
            _executionName = new Slice(_arn.Start + afterMarker, end >= 0 ? end : tail.Length);
        }
    }

    private void CountEvent(long id)
    {
        _ = id;
        _eventCount++;
    }

    /// <summary>
    /// An Execution* event: the last one gives the status (ExecutionPaused → PAUSED, ExecutionResumed → RUNNING,
    /// a terminal one its outcome); InvocationCompleted is no lifecycle event, so one after a pause leaves it PAUSED.
    /// </summary>
    private void OnLifecycleEvent(int row, DurableTraits traits)
    {
        _status = traits.Lifecycle;
        var events = _events;
        switch (traits.Lifecycle)
        {
            case DurableExecutionStatus.Running when _evType != DurableEventTypes.ExecutionResumed:
                if (_startTime == NoTime && _evTime != NoTime)
                {
                    _startTime = _evTime;
                    events.Int64(DurableEventColumns.ExecutionStartTime).Set(row, _startTime);
                }
                var timeout = events.Int64(DurableEventColumns.TimeoutSeconds);
                if (!timeout.IsNull(row))
                {
                    _timeoutSeconds = timeout.Get(row);
                }
                break;
            case DurableExecutionStatus.Paused:
                _pauses++;
                _lastPause = _evTime;
                var paused = events.Boolean(DurableEventColumns.ExecutionTimeoutPaused);
                _timeoutPaused = paused.IsNull(row) ? -1 : paused.Get(row) ? 1 : 0;
                break;
            case DurableExecutionStatus.Running:
                _lastResume = _evTime;
                break;
            default:
                _endTime = _evTime;
                _errorType = CopyText(row, DurableEventColumns.ErrorType);
                _errorMessage = CopyText(row, DurableEventColumns.ErrorMessage);
                break;
        }
    }

    private DurableExecutionSummary WriteExecutionRow()
    {
        var batch = Output[ExecutionsTable];
        var row = Output.AddRow(ExecutionsTable);
        // No lifecycle event yet (a page of a history in progress) reads as RUNNING, as before ExecutionStarted.
        var status = _status == DurableExecutionStatus.Unknown ? DurableExecutionStatus.Running : _status;
        SetText(batch, DurableExecutionColumns.DurableExecutionArn, row, _arn);
        SetText(batch, DurableExecutionColumns.FunctionArn, row, _functionArn);
        SetText(batch, DurableExecutionColumns.FunctionName, row, _functionName);
        SetText(batch, DurableExecutionColumns.Version, row, _version);
        SetText(batch, DurableExecutionColumns.ExecutionName, row, _executionName);
        batch.Varchar(DurableExecutionColumns.Status).Set(row, status.WireUtf8());
        SetTime(batch, DurableExecutionColumns.StartTime, row, _startTime);
        SetTime(batch, DurableExecutionColumns.EndTime, row, _endTime);
        SetDuration(batch, DurableExecutionColumns.DurationMs, row, _startTime, _endTime);
        SetText(batch, DurableExecutionColumns.ErrorType, row, _errorType);
        SetText(batch, DurableExecutionColumns.ErrorMessage, row, _errorMessage);
        batch.Int64(DurableExecutionColumns.EventCount).Set(row, _eventCount);
        SetTime(batch, DurableExecutionColumns.ExecutionStartTime, row, _startTime);
        batch.Int32(DurableExecutionColumns.InvocationCount).Set(row, _invocations);
        batch.Int32(DurableExecutionColumns.OperationCount).Set(row, _operationIds.Count);
        if (_timeoutSeconds != NoTime)
        {
            batch.Int64(DurableExecutionColumns.ExecutionTimeoutSeconds).Set(row, _timeoutSeconds);
        }
        batch.Int32(DurableExecutionColumns.PauseCount).Set(row, _pauses);
        SetTime(batch, DurableExecutionColumns.LastPauseTime, row, _lastPause);
        SetTime(batch, DurableExecutionColumns.LastResumeTime, row, _lastResume);
        if (_timeoutPaused >= 0)
        {
            batch.Boolean(DurableExecutionColumns.ExecutionTimeoutPaused).Set(row, _timeoutPaused == 1);
        }
        SetText(batch, DurableExecutionColumns.AccountId, row, _account);
        SetText(batch, DurableExecutionColumns.Region, row, _region);
        return new DurableExecutionSummary(
            status.WireText(),
            _eventCount,
            _operationIds.Count,
            _startTime == NoTime ? null : _startTime,
            _endTime == NoTime ? null : _endTime);
    }
}
