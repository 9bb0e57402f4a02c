using System.Collections.Concurrent;

namespace Analytics.Export.Crawl;

/// <summary>
/// One unit's EXPRESS Distributed Map children as their parent state machine's log group holds them (they log to the
/// parent's group, aws-wire-facts-logs §1): the log crawl puts each child whose lines are all in, and the fetch of a
/// Map Run takes them, waiting for the crawl of that state machine's group when it has not finished yet. A child whose
/// lines are not all in (or whose parent does not log) keeps its row from the Map Run listing, without events.
/// </summary>
internal sealed class ExpressChildLogs
{
    private readonly Dictionary<string, TaskCompletionSource> _crawls = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, List<byte[]>> _children = new(StringComparer.Ordinal);

    /// <param name="stateMachineArns">The unit's state machines whose log groups are crawled.</param>
    public ExpressChildLogs(IEnumerable<string> stateMachineArns)
    {
        foreach (var arn in stateMachineArns)
        {
            _crawls[arn] = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    public void Put(string childArn, List<byte[]> lines) => _children[childArn] = lines;

    /// <summary>The crawl of the state machine's group ended (well or not): its children are in.</summary>
    public void Crawled(string stateMachineArn)
    {
        if (_crawls.TryGetValue(stateMachineArn, out var crawl))
        {
            crawl.TrySetResult();
        }
    }

    /// <summary>
    /// The lines of an EXPRESS child of a Map Run (<c>arn:…:mapRun:MACHINE/label:id</c>), or null when its parent's
    /// group is not crawled or does not hold them all.
    /// </summary>
    public async Task<List<byte[]>?> TakeAsync(string mapRunArn, string childArn, CancellationToken ct)
    {
        if (!_crawls.TryGetValue(StateMachineOf(mapRunArn), out var crawl))
        {
            return null;
        }
        await crawl.Task.WaitAsync(ct).ConfigureAwait(false);
        return _children.TryRemove(childArn, out var lines) ? lines : null;
    }

    /// <summary><c>arn:…:mapRun:MACHINE/label:id</c> → <c>arn:…:stateMachine:MACHINE</c>.</summary>
    private static string StateMachineOf(string mapRunArn)
    {
        const string marker = ":mapRun:";
        var at = mapRunArn.IndexOf(marker, StringComparison.Ordinal);
        var slash = at < 0 ? -1 : mapRunArn.IndexOf('/', at);
        return slash < 0 ? "" : mapRunArn[..at] + ":stateMachine:" + mapRunArn[(at + marker.Length)..slash];
    }
}
