using Analytics.Emulator.World;

namespace Analytics.Export.Tests.Support;

/// <summary>
/// A real world whose one execution's history is not served until the test releases it: a run that exports that
/// execution cannot end before then, however fast the machine, while the rest of its crawl (and its commits) go on.
/// Disposing releases it, so the emulator can stop.
/// </summary>
internal sealed class HeldHistoryWorld(IWorld world, string heldArn) : DelegatingWorld(world), IDisposable
{
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>A leaf of <paramref name="world"/>: a finished STANDARD execution with no Map Run, so holding it holds
    /// back no other execution.</summary>
    public static string Leaf(IWorld world)
    {
        foreach (var machine in world.StateMachines.Where(m => m.Type == "STANDARD"))
        {
            var executions = world.ListExecutions(machine.StateMachineArn);
            for (var i = 0; i < executions.Count; i++)
            {
                if (executions[i].Status != "RUNNING" && world.ListMapRuns(executions[i].ExecutionArn).Count == 0)
                {
                    return executions[i].ExecutionArn;
                }
            }
        }
        throw new InvalidOperationException("the world has no finished STANDARD execution without a Map Run");
    }

    public override IHistorySource? GetExecutionHistory(string executionArn)
    {
        if (executionArn == heldArn)
        {
            // Task.Wait, not a plain event: the thread pool sees the blocked thread and adds one.
            _released.Task.Wait();
        }
        return base.GetExecutionHistory(executionArn);
    }

    public void Release() => _released.TrySetResult();

    public void Dispose() => Release();
}
