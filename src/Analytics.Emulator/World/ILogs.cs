using Analytics.Emulator.Simulation.Logs;

namespace Analytics.Emulator.World;

/// <summary>The simulated CloudWatch Logs side of the world: the log groups state machines deliver to.</summary>
public interface ILogs
{
    /// <summary>Every log group, by name (DescribeLogGroups order).</summary>
    IReadOnlyList<LogGroup> Groups { get; }

    LogGroup? Find(string logGroupName);

    /// <summary>DescribeStateMachine's loggingConfiguration of a top-level state machine (null: logging OFF, no group).</summary>
    LoggingRecord? LoggingOf(string stateMachineArn);
}

/// <param name="LogGroupArn">The group's ARN ending in `:*`, as Step Functions requires.</param>
public sealed record LoggingRecord(string Level, bool IncludeExecutionData, string LogGroupArn);

/// <summary>A world without log groups.</summary>
internal sealed class NoLogs : ILogs
{
    public static NoLogs Instance { get; } = new();

    public IReadOnlyList<LogGroup> Groups => [];

    public LogGroup? Find(string logGroupName) => null;

    public LoggingRecord? LoggingOf(string stateMachineArn) => null;
}
