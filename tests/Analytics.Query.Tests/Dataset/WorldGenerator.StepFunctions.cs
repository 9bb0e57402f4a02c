namespace Analytics.Query.Tests.Dataset;

internal sealed partial class WorldGenerator
{
    private sealed record TaskSpec(string State, string Function, int MaxAttempts, double FailureProbability, string Error, long TypicalMs);

    /// <summary>Runs a Task state's attempts; returns (succeeded, last error, time after the visit).</summary>
    private (bool Ok, string? Error, DateTimeOffset End) RunTask(ExecutionRow execution, TaskSpec task, DateTimeOffset at, ref long eventId,
        int? iteration = null)
    {
        var entered = at;
        var enteredId = ++eventId;
        var attempts = 0;
        string? error = null;
        var ok = false;
        while (attempts < task.MaxAttempts && !ok)
        {
            attempts++;
            var scheduled = at;
            var started = scheduled.AddMilliseconds(_random.Next(1, 40));
            var runMs = Duration(task.TypicalMs);
            var ended = started.AddMilliseconds(runMs);
            ok = _random.NextDouble() >= task.FailureProbability;
            var timedOut = !ok && _random.NextDouble() < 0.2;
            error = ok ? null : timedOut ? "States.Timeout" : task.Error;
            eventId += 3;
            _world.TaskAttempts.Add(new(execution.ExecutionArn, task.State, attempts, "lambda", LambdaArn(task.Function), scheduled, started,
                ended, (long)(started - scheduled).TotalMilliseconds, runMs, ok ? "succeeded" : timedOut ? "timed_out" : "failed", error,
                execution.StartTime, execution.StateMachineName, RunId));
            at = ok ? ended : ended.AddMilliseconds(1000 * attempts);
        }
        _world.StateVisits.Add(new(execution.ExecutionArn, execution.StateMachineName, task.State, "Task", enteredId, ++eventId, entered, at,
            (long)(at - entered).TotalMilliseconds, ok ? "succeeded" : "failed", attempts, error, LambdaArn(task.Function), iteration, null,
            execution.StartTime, RunId));
        return (ok, error, at);
    }

    private void AddVisit(ExecutionRow execution, string state, string type, DateTimeOffset entered, long ms, ref long eventId)
    {
        var enteredId = ++eventId;
        _world.StateVisits.Add(new(execution.ExecutionArn, execution.StateMachineName, state, type, enteredId, ++eventId, entered,
            entered.AddMilliseconds(ms), ms, "succeeded", 1, null, null, null, null, execution.StartTime, RunId));
    }

    private ExecutionRow NewExecution(string stateMachine, DateTimeOffset start, string? mapRunArn = null, string? parent = null, string? childArn = null)
    {
        var name = NextName();
        var arn = $"arn:aws:states:{Region}:{Account}:execution:{childArn ?? stateMachine}:{name}";
        return new ExecutionRow(arn, StateMachineArn(childArn ?? stateMachine), stateMachine, name, "STANDARD", "RUNNING", start, null, null,
            mapRunArn, parent, 0, null, null, null, true, Region, Account, RunId, start);
    }

    private void Close(ExecutionRow execution, string status, DateTimeOffset stop, string? error, long eventId) =>
        _world.Executions.Add(execution with
        {
            Status = status,
            StopTime = status == "RUNNING" ? null : stop,
            DurationMs = status == "RUNNING" ? null : (long)(stop - execution.StartTime).TotalMilliseconds,
            Error = error,
            Cause = error is null ? null : $"{error} in {execution.StateMachineName}",
            EventCount = eventId + 1,
        });

    private void AddOrder(DateTimeOffset start, double chargeFailure)
    {
        var execution = NewExecution("orders", start);
        long eventId = 1;
        var roll = _random.NextDouble();
        if (roll < 0.01)
        {
            // History expired before the export: the execution is listed, its history is not.
            _world.Executions.Add(execution with
            {
                Status = "SUCCEEDED", StopTime = start.AddSeconds(5), DurationMs = 5000, HistoryComplete = false, EventCount = null,
            });
            return;
        }
        var at = start.AddMilliseconds(5);
        TaskSpec[] tasks =
        [
            new("Validate", "validate", 1, 0.03, "ValidationError", 80),
            new("Charge", "charge", 3, chargeFailure, "PaymentDeclined", 300),
            new("Ship", "ship", 2, 0.05, "CarrierUnavailable", 150),
        ];
        foreach (var task in tasks)
        {
            var (ok, error, end) = RunTask(execution, task, at, ref eventId);
            at = end;
            if (!ok)
            {
                Close(execution, error == "States.Timeout" ? "TIMED_OUT" : "FAILED", at.AddMilliseconds(2), error, eventId);
                return;
            }
            if (task.State == "Charge")
            {
                var wait = Duration(1000);
                AddVisit(execution, "WaitForStock", "Wait", at, wait, ref eventId);
                at = at.AddMilliseconds(wait);
            }
        }
        var outcome = _random.NextDouble();
        var status = outcome < 0.015 ? "ABORTED" : outcome < 0.025 ? "RUNNING" : outcome < 0.035 ? "TIMED_OUT" : "SUCCEEDED";
        if (status == "RUNNING")
        {
            Close(execution, status, at, null, eventId);
            return;
        }
        at = Notify(execution, status, at, ref eventId);
        if (status == "SUCCEEDED")
        {
            AddVisit(execution, "Done", "Succeed", at, 0, ref eventId);
        }
        Close(execution, status, status == "SUCCEEDED" ? at.AddMilliseconds(3) : at, status == "TIMED_OUT" ? "States.Timeout" : null, eventId);
    }

    /// <summary>
    /// The `Notify` Task (an SNS service integration): it runs to its end when the execution succeeds; an abort or the
    /// execution's own timeout cuts its attempt short (outcome aborted / timed_out without an error, no exit), as the
    /// flattener writes it. Returns the time the visit ended.
    /// </summary>
    private DateTimeOffset Notify(ExecutionRow execution, string status, DateTimeOffset entered, ref long eventId)
    {
        var enteredId = ++eventId;
        var started = entered.AddMilliseconds(5);
        var runMs = Duration(60);
        var cut = status != "SUCCEEDED";
        if (cut)
        {
            runMs = Math.Max(1, runMs / 2);
        }
        var ended = started.AddMilliseconds(runMs);
        var attemptOutcome = status switch { "SUCCEEDED" => "succeeded", "TIMED_OUT" => "timed_out", _ => "aborted" };
        eventId += cut ? 2 : 3;
        _world.TaskAttempts.Add(new(execution.ExecutionArn, "Notify", 1, "sns", "publish", entered, started, ended, 5, runMs, attemptOutcome, null,
            execution.StartTime, execution.StateMachineName, RunId));
        _world.StateVisits.Add(new(execution.ExecutionArn, execution.StateMachineName, "Notify", "Task", enteredId, cut ? null : ++eventId, entered,
            ended, (long)(ended - entered).TotalMilliseconds, attemptOutcome, 1, null, "arn:aws:states:::sns:publish", null, null,
            execution.StartTime, RunId));
        return ended;
    }

    private void AddEtl(DateTimeOffset start)
    {
        var parent = NewExecution("etl-nightly", start);
        long eventId = 1;
        var (ok, error, at) = RunTask(parent, new("Prepare", "transform", 1, 0.02, "ManifestMissing", 200), start.AddMilliseconds(3), ref eventId);
        if (!ok)
        {
            Close(parent, "FAILED", at, error, eventId);
            return;
        }
        var label = "ProcessFiles";
        var mapRunArn = $"arn:aws:states:{Region}:{Account}:mapRun:etl-nightly/{label}:{NextName()}";
        var items = _random.Next(5, 25);
        var mapStart = at;
        long succeeded = 0, failed = 0, timedOut = 0;
        var mapEnd = mapStart;
        for (var item = 0; item < items; item++)
        {
            // The child's name is the parent's; its state machine ARN carries `<name>/<label>` (the row name to report).
            var child = NewExecution("etl-nightly", mapStart.AddMilliseconds(10 + item), mapRunArn, parent.ExecutionArn, $"etl-nightly/{label}");
            long childEvents = 1;
            var result = RunTask(child, new("Transform", "transform", 2, 0.12, "CorruptFile", 500), child.StartTime.AddMilliseconds(2), ref childEvents);
            var status = result.Ok ? "SUCCEEDED" : result.Error == "States.Timeout" ? "TIMED_OUT" : "FAILED";
            Close(child, status, result.End.AddMilliseconds(1), result.Error, childEvents);
            succeeded += result.Ok ? 1 : 0;
            failed += status == "FAILED" ? 1 : 0;
            timedOut += status == "TIMED_OUT" ? 1 : 0;
            mapEnd = result.End > mapEnd ? result.End : mapEnd;
        }
        mapEnd = mapEnd.AddMilliseconds(20);
        var mapFailed = (failed + timedOut) * 100.0 / items > 10.0;
        _world.MapRuns.Add(new(mapRunArn, parent.ExecutionArn, StateMachineArn("etl-nightly"), mapFailed ? "FAILED" : "SUCCEEDED", mapStart,
            mapEnd, 10, 10.0, 0, 0, 0, succeeded, failed, timedOut, 0, items, items, 0, 0, succeeded, failed, timedOut, 0, items, items,
            mapFailed && _random.NextDouble() < 0.3 ? 1 : 0, RunId, parent.StartTime));
        var mapEnteredId = ++eventId;
        _world.StateVisits.Add(new(parent.ExecutionArn, "etl-nightly", label, "Map", mapEnteredId, ++eventId, mapStart, mapEnd,
            (long)(mapEnd - mapStart).TotalMilliseconds, mapFailed ? "failed" : "succeeded", 1, mapFailed ? "States.ExceedToleratedFailureThreshold" : null,
            null, null, null, parent.StartTime, RunId));
        Close(parent, mapFailed ? "FAILED" : "SUCCEEDED", mapEnd.AddMilliseconds(5), mapFailed ? "States.ExceedToleratedFailureThreshold" : null, eventId);
    }
}
