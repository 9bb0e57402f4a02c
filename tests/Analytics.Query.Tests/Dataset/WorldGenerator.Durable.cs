namespace Analytics.Query.Tests.Dataset;

internal sealed partial class WorldGenerator
{
    private void AddSaga(DateTimeOffset start)
    {
        var name = NextName();
        var arn = $"{LambdaArn("order-saga")}:1/durable-execution/{name}/{Guid.NewGuid():N}";
        long eventId = 1;
        var events = new List<DurableEventRow>
        {
            new(arn, eventId, "exec", null, name, "ExecutionStarted", "Execution", start, null, null, null, null, start, RunId),
        };
        var at = start.AddMilliseconds(20);
        string? failure = null;
        (string Step, int MaxAttempts, double Failure, string Error)[] steps =
            [("reserve", 3, 0.15, "InventoryLocked"), ("notify", 2, 0.05, "SmtpTimeout")];
        var operation = 0;
        foreach (var (step, maxAttempts, probability, error) in steps)
        {
            var id = $"op-{++operation}";
            var stepStart = at;
            var attempts = 0;
            var ok = false;
            while (attempts < maxAttempts && !ok)
            {
                attempts++;
                events.Add(new(arn, ++eventId, id, null, step, "StepStarted", "Step", at, attempts, null, null, null, start, RunId));
                at = at.AddMilliseconds(Duration(120));
                ok = _random.NextDouble() >= probability;
                events.Add(ok
                    ? new(arn, ++eventId, id, null, step, "StepSucceeded", "Step", at, attempts, null, null, null, start, RunId)
                    : new(arn, ++eventId, id, null, step, "StepFailed", "Step", at, attempts, attempts < maxAttempts ? 2L * attempts : null,
                        error, $"{error} on attempt {attempts}", start, RunId));
                at = ok ? at : at.AddSeconds(2 * attempts);
            }
            _world.DurableOperations.Add(new(arn, id, null, step, "STEP", "Step", ok ? "SUCCEEDED" : "FAILED", stepStart, at,
                (long)(at - stepStart).TotalMilliseconds, attempts, ok ? null : error, ok ? null : $"{error} on attempt {attempts}", start, RunId));
            if (!ok)
            {
                failure = error;
                break;
            }
        }
        var roll = _random.NextDouble();
        var status = failure is not null ? "FAILED" : roll < 0.02 ? "TIMED_OUT" : roll < 0.04 ? "RUNNING" : "SUCCEEDED";
        var end = at.AddMilliseconds(10);
        if (status != "RUNNING")
        {
            events.Add(new(arn, ++eventId, "exec", null, name, "Execution" + status switch { "FAILED" => "Failed", "TIMED_OUT" => "TimedOut", _ => "Succeeded" },
                "Execution", end, null, null, failure, null, start, RunId));
        }
        _world.DurableEvents.AddRange(events);
        _world.DurableExecutions.Add(new(arn, LambdaArn("order-saga") + ":1", "order-saga", "1", name, status, start,
            status == "RUNNING" ? null : end, status == "RUNNING" ? null : (long)(end - start).TotalMilliseconds,
            status == "FAILED" ? failure : status == "TIMED_OUT" ? "Lambda.ExecutionTimeout" : null,
            status == "FAILED" ? $"{failure} after retries" : null, eventId, start, RunId));
    }
}
