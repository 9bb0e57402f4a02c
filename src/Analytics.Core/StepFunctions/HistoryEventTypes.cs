using System.Text;
using Analytics.Core.Json;

namespace Analytics.Core.StepFunctions;

/// <summary>What the flattener knows about one of the 62 <c>HistoryEventType</c> values.</summary>
internal readonly record struct EventTraits(
    EventRole Role,
    StateType StateType = StateType.None,
    Outcome Outcome = Outcome.None,
    AttemptFamily Family = AttemptFamily.None,
    byte[]? ExecutionStatus = null);

/// <summary>
/// The 62 Step Functions history event types (SDK 3.1162.0 enum), each with its role in the derivations. Unknown
/// future types get code -1 and are kept in <c>events</c> with their type text and members in <c>details_json</c>.
/// </summary>
internal static class HistoryEventTypes
{
    public const int Count = 62;

    private static readonly (string Name, EventTraits Traits)[] s_catalog =
    [
        ("ActivityFailed", new(EventRole.AttemptEnded, StateType.Task, Outcome.Failed, AttemptFamily.Activity)),
        ("ActivityScheduleFailed", new(EventRole.AttemptEnded, StateType.Task, Outcome.ScheduleFailed, AttemptFamily.Activity)),
        ("ActivityScheduled", new(EventRole.AttemptScheduled, StateType.Task, Family: AttemptFamily.Activity)),
        ("ActivityStarted", new(EventRole.AttemptStarted, StateType.Task, Family: AttemptFamily.Activity)),
        ("ActivitySucceeded", new(EventRole.AttemptEnded, StateType.Task, Outcome.Succeeded, AttemptFamily.Activity)),
        ("ActivityTimedOut", new(EventRole.AttemptEnded, StateType.Task, Outcome.TimedOut, AttemptFamily.Activity)),
        ("ChoiceStateEntered", new(EventRole.StateEntered, StateType.Choice)),
        ("ChoiceStateExited", new(EventRole.StateExited, StateType.Choice)),
        ("EvaluationFailed", new(EventRole.EvaluationFailed)),
        ("ExecutionAborted", new(EventRole.ExecutionEnded, Outcome: Outcome.Aborted, ExecutionStatus: Utf8("ABORTED"))),
        ("ExecutionFailed", new(EventRole.ExecutionEnded, Outcome: Outcome.Failed, ExecutionStatus: Utf8("FAILED"))),
        ("ExecutionRedriven", new(EventRole.ExecutionRedriven)),
        ("ExecutionStarted", new(EventRole.ExecutionStarted)),
        ("ExecutionSucceeded", new(EventRole.ExecutionEnded, Outcome: Outcome.Succeeded, ExecutionStatus: Utf8("SUCCEEDED"))),
        ("ExecutionTimedOut", new(EventRole.ExecutionEnded, Outcome: Outcome.TimedOut, ExecutionStatus: Utf8("TIMED_OUT"))),
        ("FailStateEntered", new(EventRole.StateEntered, StateType.Fail)),
        ("LambdaFunctionFailed", new(EventRole.AttemptEnded, StateType.Task, Outcome.Failed, AttemptFamily.LambdaFunction)),
        ("LambdaFunctionScheduleFailed", new(EventRole.AttemptEnded, StateType.Task, Outcome.ScheduleFailed, AttemptFamily.LambdaFunction)),
        ("LambdaFunctionScheduled", new(EventRole.AttemptScheduled, StateType.Task, Family: AttemptFamily.LambdaFunction)),
        ("LambdaFunctionStartFailed", new(EventRole.AttemptEnded, StateType.Task, Outcome.StartFailed, AttemptFamily.LambdaFunction)),
        ("LambdaFunctionStarted", new(EventRole.AttemptStarted, StateType.Task, Family: AttemptFamily.LambdaFunction)),
        ("LambdaFunctionSucceeded", new(EventRole.AttemptEnded, StateType.Task, Outcome.Succeeded, AttemptFamily.LambdaFunction)),
        ("LambdaFunctionTimedOut", new(EventRole.AttemptEnded, StateType.Task, Outcome.TimedOut, AttemptFamily.LambdaFunction)),
        ("MapIterationAborted", new(EventRole.MapIterationEnded, StateType.Map, Outcome.Aborted)),
        ("MapIterationFailed", new(EventRole.MapIterationEnded, StateType.Map, Outcome.Failed)),
        ("MapIterationStarted", new(EventRole.MapIterationStarted, StateType.Map)),
        ("MapIterationSucceeded", new(EventRole.MapIterationEnded, StateType.Map, Outcome.Succeeded)),
        ("MapRunAborted", new(EventRole.MapRunEnded, StateType.Map, Outcome.Aborted)),
        ("MapRunFailed", new(EventRole.MapRunEnded, StateType.Map, Outcome.Failed)),
        ("MapRunRedriven", new(EventRole.MapRunStarted, StateType.Map)),
        ("MapRunStarted", new(EventRole.MapRunStarted, StateType.Map)),
        ("MapRunSucceeded", new(EventRole.MapRunEnded, StateType.Map, Outcome.Succeeded)),
        ("MapStateAborted", new(EventRole.ContainerAborted, StateType.Map, Outcome.Aborted)),
        ("MapStateEntered", new(EventRole.StateEntered, StateType.Map)),
        ("MapStateExited", new(EventRole.StateExited, StateType.Map)),
        ("MapStateFailed", new(EventRole.ContainerFailed, StateType.Map, Outcome.Failed)),
        ("MapStateStarted", new(EventRole.ContainerStarted, StateType.Map)),
        ("MapStateSucceeded", new(EventRole.ContainerSucceeded, StateType.Map, Outcome.Succeeded)),
        ("ParallelStateAborted", new(EventRole.ContainerAborted, StateType.Parallel, Outcome.Aborted)),
        ("ParallelStateEntered", new(EventRole.StateEntered, StateType.Parallel)),
        ("ParallelStateExited", new(EventRole.StateExited, StateType.Parallel)),
        ("ParallelStateFailed", new(EventRole.ContainerFailed, StateType.Parallel, Outcome.Failed)),
        ("ParallelStateStarted", new(EventRole.ContainerStarted, StateType.Parallel)),
        ("ParallelStateSucceeded", new(EventRole.ContainerSucceeded, StateType.Parallel, Outcome.Succeeded)),
        ("PassStateEntered", new(EventRole.StateEntered, StateType.Pass)),
        ("PassStateExited", new(EventRole.StateExited, StateType.Pass)),
        ("SucceedStateEntered", new(EventRole.StateEntered, StateType.Succeed)),
        ("SucceedStateExited", new(EventRole.StateExited, StateType.Succeed)),
        ("TaskFailed", new(EventRole.AttemptEnded, StateType.Task, Outcome.Failed, AttemptFamily.Task)),
        ("TaskScheduled", new(EventRole.AttemptScheduled, StateType.Task, Family: AttemptFamily.Task)),
        ("TaskStartFailed", new(EventRole.AttemptEnded, StateType.Task, Outcome.StartFailed, AttemptFamily.Task)),
        ("TaskStarted", new(EventRole.AttemptStarted, StateType.Task, Family: AttemptFamily.Task)),
        ("TaskStateAborted", new(EventRole.StateAborted, StateType.Task, Outcome.Aborted)),
        ("TaskStateEntered", new(EventRole.StateEntered, StateType.Task)),
        ("TaskStateExited", new(EventRole.StateExited, StateType.Task)),
        ("TaskSubmitFailed", new(EventRole.AttemptEnded, StateType.Task, Outcome.SubmitFailed, AttemptFamily.Task)),
        ("TaskSubmitted", new(EventRole.AttemptProgress, StateType.Task, Family: AttemptFamily.Task)),
        ("TaskSucceeded", new(EventRole.AttemptEnded, StateType.Task, Outcome.Succeeded, AttemptFamily.Task)),
        ("TaskTimedOut", new(EventRole.AttemptEnded, StateType.Task, Outcome.TimedOut, AttemptFamily.Task)),
        ("WaitStateAborted", new(EventRole.StateAborted, StateType.Wait, Outcome.Aborted)),
        ("WaitStateEntered", new(EventRole.StateEntered, StateType.Wait)),
        ("WaitStateExited", new(EventRole.StateExited, StateType.Wait)),
    ];

    private static readonly Utf8NameTable s_names = BuildNames();
    private static readonly byte[][] s_detailsMembers = BuildDetailsMembers();

    /// <summary>
    /// <c>"xxxEventDetails":</c> as the type's details member is written (<c>"stateEnteredEventDetails":</c> for every
    /// *StateEntered), or empty when the type has none: the scanner's first guess.
    /// </summary>
    public static ReadOnlySpan<byte> DetailsMember(int code) => s_detailsMembers[code];

    /// <summary>The type's code (index into the catalog), or -1 for a type this build does not know.</summary>
    public static int Find(ReadOnlySpan<byte> utf8Name) => s_names.Find(utf8Name);

    public static EventTraits Traits(int code) => code < 0 ? default : s_catalog[code].Traits;

    public static string Name(int code) => s_catalog[code].Name;

    public static IEnumerable<string> Names
    {
        get
        {
            foreach (var (name, _) in s_catalog)
            {
                yield return name;
            }
        }
    }

    private static Utf8NameTable BuildNames()
    {
        var entries = new (string, int)[s_catalog.Length];
        for (var i = 0; i < s_catalog.Length; i++)
        {
            entries[i] = (s_catalog[i].Name, i);
        }
        return new Utf8NameTable(entries);
    }

    private static byte[][] BuildDetailsMembers()
    {
        var members = new byte[s_catalog.Length][];
        for (var i = 0; i < s_catalog.Length; i++)
        {
            var name = s_catalog[i].Name;
            var details = name.EndsWith("StateEntered", StringComparison.Ordinal) ? "stateEnteredEventDetails"
                : name.EndsWith("StateExited", StringComparison.Ordinal) ? "stateExitedEventDetails"
                : char.ToLowerInvariant(name[0]) + name[1..] + "EventDetails";
            members[i] = HistoryMembers.Event.Find(Encoding.UTF8.GetBytes(details)) == HistoryMembers.Details
                ? Encoding.UTF8.GetBytes("\"" + details + "\":")
                : [];
        }
        return members;
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
