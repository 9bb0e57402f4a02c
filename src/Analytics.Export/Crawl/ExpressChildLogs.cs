using System.Collections.Concurrent;

namespace Analytics.Export.Crawl;

/// <summary>
/// One unit's EXPRESS Distributed Map children as their parent state machine's log group holds them (they log to the
/// parent's group, aws-wire-facts-logs §1): the log crawl puts each child whose lines are all in, and the fetch of a
/// Map Run takes them, waiting for the crawl of that state machine's group when it has not finished yet. A child whose
/// lines are not all in (or whose parent does not log) keeps its row from the Map Run listing, without events; one
/// whose lines may be in what the crawl could not read waits for a later run (a pending part).
/// </summary>
internal sealed class ExpressChildLogs
{
    private readonly Dictionary<string, TaskCompletionSource<bool>> _crawls = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, List<byte[]>> _children = new(StringComparer.Ordinal);

    /// <param name="stateMachineArns">The unit's state machines whose log groups are crawled.</param>
    public ExpressChildLogs(IEnumerable<string> stateMachineArns)
    {
        foreach (var arn in stateMachineArns)
        {
            _crawls[arn] = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    public void Put(string childArn, List<byte[]> lines) => _children[childArn] = lines;

    /// <summary>The crawl of the state machine's group ended: its children are in, unless it <paramref name="failed"/>.</summary>
    public void Crawled(string stateMachineArn, bool failed)
    {
        if (_crawls.TryGetValue(stateMachineArn, out var crawl))
        {
            crawl.TrySetResult(!failed);
        }
    }

    /// <summary>
    /// Waits for the crawl of the group a Map Run's (<c>arn:…:mapRun:MACHINE/label:id</c>) EXPRESS children log to;
    /// false when it failed (some of their lines may not have been read), true when it read the group or there is none.
    /// </summary>
    public async Task<bool> ReadAsync(string mapRunArn, CancellationToken ct) =>
        !_crawls.TryGetValue(StateMachineOf(mapRunArn), out var crawl) || await crawl.Task.WaitAsync(ct).ConfigureAwait(false);

    /// <summary>An EXPRESS child's lines once <see cref="ReadAsync"/> said its group was read; null when not all are in.</summary>
    public List<byte[]>? Take(string childArn) => _children.TryRemove(childArn, out var lines) ? lines : null;

    /// <summary><c>arn:…:mapRun:MACHINE/label:id</c> → <c>arn:…:stateMachine:MACHINE</c>.</summary>
    public static string StateMachineOf(string mapRunArn)
    {
        const string marker = ":mapRun:";
        var at = mapRunArn.IndexOf(marker, StringComparison.Ordinal);
        var slash = at < 0 ? -1 : mapRunArn.IndexOf('/', at);
        return slash < 0 ? "" : mapRunArn[..at] + ":stateMachine:" + mapRunArn[(at + marker.Length)..slash];
    }
}

/// <summary>A Map Run's EXPRESS children could not be given their events: their parent's log group was not read.</summary>
internal sealed class LogGroupNotReadException(string message) : Exception(message);
