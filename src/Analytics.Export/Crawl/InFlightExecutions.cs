using System.Collections.Concurrent;

namespace Analytics.Export.Crawl;

/// <summary>
/// Executions this run has scheduled and not yet committed (or given up). Together with the manifest's exported set
/// it replaces a per-listing set of every ARN seen: a listing that restarts, or the REDRIVEN listing meeting an
/// execution again, cannot schedule it twice, and the memory held is bounded by the queues and one chunk, not by the
/// number of executions a state machine has.
/// </summary>
/// <remarks>
/// A lister claims an ARN before asking the manifest whether it is exported; the writer releases a chunk's ARNs only
/// after the manifest holds them. So whichever way the two interleave, an execution is never scheduled twice.
/// </remarks>
internal sealed class InFlightExecutions
{
    private readonly ConcurrentDictionary<string, byte> _arns = new(StringComparer.Ordinal);

    public int Count => _arns.Count;

    /// <summary>False when the ARN is already scheduled by this run.</summary>
    public bool TryClaim(string arn) => _arns.TryAdd(arn, 0);

    public void Release(string arn) => _arns.TryRemove(arn, out _);

    public void Release(IEnumerable<string> arns)
    {
        foreach (var arn in arns)
        {
            _arns.TryRemove(arn, out _);
        }
    }
}
