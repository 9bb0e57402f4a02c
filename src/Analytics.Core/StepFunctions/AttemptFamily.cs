namespace Analytics.Core.StepFunctions;

/// <summary>Which integration a task attempt's events come from.</summary>
internal enum AttemptFamily : byte
{
    None,
    Task,
    LambdaFunction,
    Activity,
}
