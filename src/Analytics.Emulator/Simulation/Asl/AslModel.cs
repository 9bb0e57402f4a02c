namespace Analytics.Emulator.Simulation.Asl;

/// <summary>A States block: a whole definition, a Parallel branch or a Map ItemProcessor.</summary>
internal sealed class AslBlock
{
    public required string StartAt { get; init; }

    public required Dictionary<string, AslState> States { get; init; }

    /// <summary>The definition-level TimeoutSeconds (only meaningful on a whole definition).</summary>
    public int? TimeoutSeconds { get; init; }
}

internal enum TaskKind
{
    /// <summary>`arn:aws:lambda:…:function:…`: the legacy LambdaFunction* events.</summary>
    LegacyLambda,

    /// <summary>`arn:aws:states:::service:api[.sync|.waitForTaskToken]`: Task* events.</summary>
    Service,

    /// <summary>`arn:aws:states:…:activity:…`: Activity* events.</summary>
    Activity,
}

internal sealed class AslState
{
    public required string Name { get; init; }

    /// <summary>Task, Pass, Choice, Wait, Succeed, Fail, Parallel, Map.</summary>
    public required string Type { get; init; }

    public string? Next { get; init; }

    public bool End { get; init; }

    public List<AslRetrier> Retry { get; init; } = [];

    public List<AslCatcher> Catch { get; init; } = [];

    // Task
    public string? Resource { get; init; }

    public TaskKind Kind { get; init; }

    /// <summary>The resourceType in Task* events (`lambda`, `dynamodb`, `aws-sdk:s3`, …).</summary>
    public string? ServiceType { get; init; }

    /// <summary>The resource in Task* events (`invoke`, `putItem`, `startExecution.sync`, …).</summary>
    public string? ServiceResource { get; init; }

    /// <summary>Callback (.waitForTaskToken) or job (.sync) integrations emit TaskSubmitted.</summary>
    public bool Submits { get; init; }

    public int? TimeoutSeconds { get; init; }

    public int? HeartbeatSeconds { get; init; }

    /// <summary>The Parameters/Arguments JSON text (TaskScheduled.parameters); `{}` when absent.</summary>
    public string ParametersJson { get; init; } = "{}";

    // Choice
    public List<string> ChoiceNexts { get; init; } = [];

    public string? Default { get; init; }

    // Wait
    public int? Seconds { get; init; }

    // Fail
    public string? Error { get; init; }

    public string? Cause { get; init; }

    // Parallel
    public List<AslBlock> Branches { get; init; } = [];

    // Map
    public AslBlock? Processor { get; init; }

    public bool Distributed { get; init; }

    /// <summary>Distributed Map child execution type: STANDARD or EXPRESS.</summary>
    public string ChildExecutionType { get; init; } = "STANDARD";

    public string? Label { get; init; }

    public int MaxConcurrency { get; init; }

    public double? ToleratedFailurePercentage { get; init; }

    public long? ToleratedFailureCount { get; init; }
}

internal sealed class AslRetrier
{
    public List<string> ErrorEquals { get; init; } = [];

    public double IntervalSeconds { get; init; } = 1;

    public int MaxAttempts { get; init; } = 3;

    public double BackoffRate { get; init; } = 2;

    public double? MaxDelaySeconds { get; init; }

    public bool FullJitter { get; init; }
}

internal sealed class AslCatcher
{
    public List<string> ErrorEquals { get; init; } = [];

    public required string Next { get; init; }
}

internal static class AslErrors
{
    /// <summary>Whether an ErrorEquals list matches an error name (States.ALL, States.TaskFailed, exact names).</summary>
    public static bool Matches(List<string> errorEquals, string error)
    {
        foreach (var e in errorEquals)
        {
            if (e == error || e == "States.ALL")
            {
                return true;
            }
            if (e == "States.TaskFailed" && error != "States.Timeout" && !error.StartsWith("States.", StringComparison.Ordinal))
            {
                return true;
            }
        }
        return false;
    }
}
