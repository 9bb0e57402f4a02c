using System.Text.Json;

namespace Analytics.Benchmarks.Corpus;

// The execution script: Pass → Task with retries (caught after the third failure) → inline Map with concurrent
// iterations → Parallel with two branches → Choice → Succeed, or a Fail state now and then.
public sealed partial class HistoryGenerator
{
    private const string LambdaArn = "arn:aws:lambda:us-east-1:123456789012:function:orders-charge";

    private void WriteExecution()
    {
        var last = Emit("ExecutionStarted", 0, "executionStartedEventDetails", w =>
        {
            PayloadMember(w, "input", "inputDetails");
            w.WriteString("roleArn", "arn:aws:iam::123456789012:role/service-role/OrdersRole");
        });
        last = PassState("Prepare", 0);
        var (afterCharge, caught) = TaskState("ChargeCard", last, retries: 2);
        last = caught ? PassState("Compensate", afterCharge) : afterCharge;
        last = MapState("ProcessItems", last);
        last = ParallelState("Notify", last);
        var choice = StateEntered("Choice", "IsFraud", last);
        last = StateExited("Choice", "IsFraud", choice);
        if (_random.NextDouble() < 0.05)
        {
            var fail = StateEntered("Fail", "Rejected", last);
            Emit("ExecutionFailed", fail, "executionFailedEventDetails", w =>
            {
                w.WriteString("error", "Orders.Rejected");
                w.WriteString("cause", "The order was flagged as fraudulent.");
            });
            return;
        }
        var done = StateEntered("Succeed", "Done", last);
        last = StateExited("Succeed", "Done", done);
        Emit("ExecutionSucceeded", last, "executionSucceededEventDetails", w => PayloadMember(w, "output", "outputDetails"));
    }

    private long PassState(string name, long previous)
    {
        var entered = StateEntered("Pass", name, previous);
        return StateExited("Pass", name, entered);
    }

    /// <summary>A Lambda task retried on failure; returns its Exited id and whether a Catch took it.</summary>
    private (long Exited, bool Caught) TaskState(string name, long previous, int retries)
    {
        var last = StateEntered("Task", name, previous);
        var failed = false;
        for (var attempt = 0; attempt <= retries; attempt++)
        {
            last = TaskAttempt(last, out failed);
            if (!failed)
            {
                break;
            }
            Advance(1, 4);
        }
        return (StateExited("Task", name, last), failed);
    }

    private long TaskAttempt(long previous, out bool failed)
    {
        var scheduled = Emit("TaskScheduled", previous, "taskScheduledEventDetails", w =>
        {
            w.WriteString("resourceType", "lambda");
            w.WriteString("resource", "invoke");
            w.WriteString("region", "us-east-1");
            w.WriteString("parameters", _payload.Length > 0 ? _payload : "{\"FunctionName\":\"" + LambdaArn + "\",\"Payload.$\":\"$\"}");
            w.WriteNumber("timeoutInSeconds", 60);
        });
        var started = Emit("TaskStarted", scheduled, "taskStartedEventDetails", ResourceMembers);
        Advance(0.05, 2);
        failed = _random.NextDouble() < _options.TaskFailureRate;
        if (failed)
        {
            return Emit("TaskFailed", started, "taskFailedEventDetails", w =>
            {
                ResourceMembers(w);
                w.WriteString("error", "Lambda.TooManyRequestsException");
                w.WriteString("cause", "{\"errorMessage\":\"Rate Exceeded.\",\"errorType\":\"TooManyRequestsException\"}");
            });
        }
        return Emit("TaskSucceeded", started, "taskSucceededEventDetails", w =>
        {
            ResourceMembers(w);
            PayloadMember(w, "output", "outputDetails");
        });
    }

    private long MapState(string name, long previous)
    {
        var entered = StateEntered("Map", name, previous);
        var items = _random.Next(_options.MinMapItems, _options.MaxMapItems + 1);
        var mapStarted = Emit("MapStateStarted", entered, "mapStateStartedEventDetails", w => w.WriteNumber("length", items));
        var iterations = new Iteration[Math.Min(items, 3)];
        var nextItem = 0;
        long lastDone = mapStarted;
        var running = 0;
        for (var slot = 0; slot < iterations.Length; slot++)
        {
            iterations[slot] = new Iteration(nextItem++, mapStarted);
            running++;
        }
        while (running > 0 && !_capped)
        {
            var slot = _random.Next(iterations.Length);
            ref var iteration = ref iterations[slot];
            if (iteration.Done)
            {
                continue;
            }
            if (Step(ref iteration, name))
            {
                lastDone = iteration.Last;
                if (nextItem < items)
                {
                    iteration = new Iteration(nextItem++, lastDone);
                }
                else
                {
                    iteration.Done = true;
                    running--;
                }
            }
        }
        Emit("MapStateSucceeded", lastDone, null, null);
        return StateExited("Map", name, lastDone);
    }

    /// <summary>Advances one Map iteration by one event; true when the iteration has finished.</summary>
    private bool Step(ref Iteration it, string mapName)
    {
        Advance(0.001, 0.2);
        switch (it.Phase)
        {
            case 0:
                var index = it.Index;
                it.Last = Emit("MapIterationStarted", it.Last, "mapIterationStartedEventDetails", w => IterationMembers(w, mapName, index));
                break;
            case 1:
                it.Last = it.Entered = StateEntered("Task", "ProcessItem", it.Last);
                break;
            case 2:
                it.Last = Emit("TaskScheduled", it.Last, "taskScheduledEventDetails", w =>
                {
                    ResourceMembers(w);
                    w.WriteString("region", "us-east-1");
                    w.WriteString("parameters", "{\"FunctionName\":\"" + LambdaArn + "\",\"Payload.$\":\"$\"}");
                });
                break;
            case 3:
                it.Last = Emit("TaskStarted", it.Last, "taskStartedEventDetails", ResourceMembers);
                break;
            case 4:
                if (it.Retries < 2 && _random.NextDouble() < _options.TaskFailureRate)
                {
                    it.Retries++;
                    it.Last = Emit("TaskFailed", it.Last, "taskFailedEventDetails", w =>
                    {
                        ResourceMembers(w);
                        w.WriteString("error", "States.TaskFailed");
                        w.WriteString("cause", "transient");
                    });
                    it.Phase = 2;
                    return false;
                }
                it.Last = Emit("TaskSucceeded", it.Last, "taskSucceededEventDetails", w =>
                {
                    ResourceMembers(w);
                    PayloadMember(w, "output", "outputDetails");
                });
                break;
            case 5:
                it.Last = StateExited("Task", "ProcessItem", it.Last);
                break;
            default:
                var doneIndex = it.Index;
                Emit("MapIterationSucceeded", it.Last, "mapIterationSucceededEventDetails", w => IterationMembers(w, mapName, doneIndex));
                return true;
        }
        it.Phase++;
        return false;
    }

    private long ParallelState(string name, long previous)
    {
        var entered = StateEntered("Parallel", name, previous);
        var started = Emit("ParallelStateStarted", entered, null, null);
        var a = StateEntered("Task", "SendEmail", started);
        var b = StateEntered("Task", "SendSms", started);
        var aExit = StateExited("Task", "SendEmail", TaskAttempt(a, out _));
        var bExit = StateExited("Task", "SendSms", TaskAttempt(b, out _));
        var last = Math.Max(aExit, bExit);
        Emit("ParallelStateSucceeded", last, null, null);
        return StateExited("Parallel", name, last);
    }

    private long StateEntered(string stateType, string name, long previous) =>
        Emit(stateType + "StateEntered", previous, "stateEnteredEventDetails", w =>
        {
            w.WriteString("name", name);
            PayloadMember(w, "input", "inputDetails");
        });

    private long StateExited(string stateType, string name, long previous) =>
        Emit(stateType + "StateExited", previous, "stateExitedEventDetails", w =>
        {
            w.WriteString("name", name);
            PayloadMember(w, "output", "outputDetails");
        });

    private void PayloadMember(Utf8JsonWriter w, string member, string detailsMember)
    {
        if (_payload.Length > 0)
        {
            w.WriteString(member, _payload);
        }
        w.WriteStartObject(detailsMember);
        w.WriteBoolean("truncated", false);
        w.WriteEndObject();
    }

    private static void ResourceMembers(Utf8JsonWriter w)
    {
        w.WriteString("resourceType", "lambda");
        w.WriteString("resource", "invoke");
    }

    private static void IterationMembers(Utf8JsonWriter w, string name, int index)
    {
        w.WriteString("name", name);
        w.WriteNumber("index", index);
    }

    /// <summary>Writes one event (or, at the cap, AWS's closing ExecutionFailed instead) and returns its id.</summary>
    private long Emit(string type, long previous, string? detailsMember, Action<Utf8JsonWriter>? details)
    {
        if (_capped)
        {
            return 0;
        }
        if (_nextId == _options.MaxEvents && !type.StartsWith("Execution", StringComparison.Ordinal))
        {
            _capped = true;
            type = "ExecutionFailed";
            detailsMember = "executionFailedEventDetails";
            details = w =>
            {
                w.WriteString("error", "States.Runtime");
                w.WriteString("cause", "The execution reached the maximum number of history events (25000).");
            };
        }
        Advance(0.001, 0.05);
        var id = _nextId++;
        var start = _buffer.WrittenCount;
        _json.Reset(_buffer);
        _json.WriteStartObject();
        _json.WritePropertyName("timestamp");
        _json.WriteRawValue(Timestamp(), skipInputValidation: true);
        _json.WriteString("type", type);
        _json.WriteNumber("id", id);
        _json.WriteNumber("previousEventId", previous);
        if (detailsMember is not null && details is not null)
        {
            _json.WriteStartObject(detailsMember);
            details(_json);
            _json.WriteEndObject();
        }
        _json.WriteEndObject();
        _json.Flush();
        _events.Add((start, _buffer.WrittenCount - start));
        return id;
    }

    private struct Iteration(int index, long last)
    {
        public int Index = index;
        public long Last = last;
        public long Entered;
        public int Phase;
        public int Retries;
        public bool Done;
    }
}
