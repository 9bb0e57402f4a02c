namespace Analytics.Core.StepFunctions;

/// <summary>The ASL state types a history names (through its <c>*StateEntered</c> event types).</summary>
public enum StateType : byte
{
    None,
    Task,
    Pass,
    Choice,
    Wait,
    Succeed,
    Fail,
    Map,
    Parallel,
}
