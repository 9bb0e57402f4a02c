using Microsoft.Extensions.Logging;

namespace Analytics.Export.Crawl;

/// <summary>The exporter's log lines: ARNs, counts and reasons only, never payloads or credentials.</summary>
internal static partial class ExportLog
{
    [LoggerMessage(EventId = 6001, Level = LogLevel.Information, Message = "export {RunId} (shard {Shard}) into {Root}: {Executions} executions known, {Running} tracked RUNNING; recovery rolled {Rolled} chunk(s) forward, discarded {Discarded}")]
    public static partial void Started(ILogger logger, string runId, string shard, string root, int executions, int running, int rolled, int discarded);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Information, Message = "progress: {Listed} listed, {Fetched} fetched, {Written} staged, {Committed} committed executions; {Calls} API calls, {Throttled} throttled")]
    public static partial void Progress(ILogger logger, long listed, long fetched, long written, long committed, long calls, long throttled);

    [LoggerMessage(EventId = 6003, Level = LogLevel.Information, Message = "commit {Seq}: {Executions} executions, {Files} files added, {Replaced} replaced, {Removed} removed")]
    public static partial void Committed(ILogger logger, int seq, int executions, int files, int replaced, int removed);

    [LoggerMessage(EventId = 6004, Level = LogLevel.Warning, Message = "quarantined {Arn}: {Reason} (pages in {Folder})")]
    public static partial void Quarantined(ILogger logger, string arn, string reason, string folder);

    [LoggerMessage(EventId = 6005, Level = LogLevel.Warning, Message = "could not export {Arn}: {Reason}; the next run retries it")]
    public static partial void FetchFailed(ILogger logger, string arn, string reason);

    [LoggerMessage(EventId = 6006, Level = LogLevel.Warning, Message = "listing {Source} failed: {Reason}; its watermark stays where it was")]
    public static partial void ListingFailed(ILogger logger, string source, string reason);

    [LoggerMessage(EventId = 6007, Level = LogLevel.Information, Message = "export {RunId} done: {Executions} executions, {Events} events, {Quarantined} quarantined, {Failures} failed, {Running} RUNNING tracked, {Calls} API calls")]
    public static partial void Finished(ILogger logger, string runId, long executions, long events, long quarantined, long failures, long running, long calls);

    [LoggerMessage(EventId = 6008, Level = LogLevel.Information, Message = "pagination token expired while reading {Api} for {Resource}; restarting that listing")]
    public static partial void TokenExpired(ILogger logger, string api, string resource);

    [LoggerMessage(EventId = 6090, Level = LogLevel.Warning, Message = "{Count} committed file(s) are missing or damaged (first: {First}); they were quarantined with the rest of their {Chunks} chunk(s), whose executions this run lists and fetches again (watermarks cleared)")]
    public static partial void LostFiles(ILogger logger, int count, string first, int chunks);

    [LoggerMessage(EventId = 6009, Level = LogLevel.Warning, Message = "could not fetch {Part} of {Arn}'s Map Run unit: {Reason}; the rest is exported, the next run retries that part")]
    public static partial void PartFailed(ILogger logger, string part, string arn, string reason);

    [LoggerMessage(EventId = 6042, Level = LogLevel.Information, Message = "{Part} of {Arn}'s Map Run unit waits for the next run: {Reason}")]
    public static partial void PartDeferred(ILogger logger, string part, string arn, string reason);

    [LoggerMessage(EventId = 6010, Level = LogLevel.Warning, Message = "unit {Unit}: {What} failed: {Reason}; the other units go on, the next run tries it again")]
    public static partial void UnitCallFailed(ILogger logger, string unit, string what, string reason);

    [LoggerMessage(EventId = 6011, Level = LogLevel.Warning, Message = "unit {Unit} is incomplete ({Count} failure(s)): {Failures}")]
    public static partial void UnitFailed(ILogger logger, string unit, int count, string failures);

    [LoggerMessage(EventId = 6040, Level = LogLevel.Information, Message = "compacted {Partitions} settled table partition(s) of dates up to {Before}: {Files} files merged into one each")]
    public static partial void PartitionsCompacted(ILogger logger, int partitions, DateOnly before, int files);

    [LoggerMessage(EventId = 6041, Level = LogLevel.Warning, Message = "compacting settled partitions failed: {Reason}; the export is committed, the next run or 'analytics compact' tries again")]
    public static partial void PartitionCompactionFailed(ILogger logger, string reason);
}
