using System.Text.Encodings.Web;
using System.Text.Json;
using Analytics.Emulator.Simulation.Durable;
using Analytics.Emulator.Simulation.Sfn;
using Analytics.Emulator.World;

namespace Analytics.Emulator.Simulation.Pages;

/// <summary>What <see cref="WorldPagesWriter"/> wrote.</summary>
public sealed record PagesSummary(long Executions, long DurableExecutions, long Pages, long Events, long Bytes);

/// <summary>
/// Writes the raw history pages the endpoint would serve for every execution visible at the world's clock: one
/// JSON-lines file per execution, one line per page (`{"events":[…],"nextToken":"…"}` for Step Functions,
/// `{"Events":[…],"NextMarker":"…"}` for durable executions; the last page has no token). Executions are generated
/// one at a time, so memory stays bounded whatever the size of the world.
/// </summary>
public static class WorldPagesWriter
{
    private static readonly JsonWriterOptions s_writerOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static PagesSummary Write(SimulatedWorld world, string outDir, int pageSize, bool includeExecutionData, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        long executions = 0, durableExecutions = 0, pages = 0, events = 0, bytes = 0;
        using var index = new StreamWriter(Path.Combine(Directory.CreateDirectory(outDir).FullName, "index.jsonl"));
        var buffer = new MemoryStream();
        var folders = new HashSet<string>(StringComparer.Ordinal);
        foreach (var model in world.Models.Where(m => !m.IsExpress))
        {
            var count = world.VisibleCount(model);
            for (long i = 0; i < count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var timeline = SfnSimulator.Simulate(model, world.Context, i);
                var name = ArnCodec.ExecutionName(model, world.Context, i);
                var source = new SfnHistorySource(timeline.Events, SfnHistorySource.VisibleCount(timeline.Events, world.NowMs));
                var file = Path.Combine("sfn", model.Name, (i / 1000).ToString("D5", System.Globalization.CultureInfo.InvariantCulture), name + ".jsonl");
                var (p, b) = WriteFile(outDir, file, source, pageSize, includeExecutionData, "events", "nextToken", name, buffer, folders);
                Record(index, ArnCodec.ExecutionArn(model, world.Context, i), file, source.Count, p);
                (executions, pages, events, bytes) = (executions + 1, pages + p, events + source.Count, bytes + b);
                foreach (var run in timeline.MapRuns.Where(r => r.ChildExecutionType == "STANDARD" && r.StartMs <= world.NowMs))
                {
                    var map = model.DistributedMaps.First(m => StateMachineModel.LabelOf(m) == run.Label);
                    foreach (var child in run.Children.Where(c => c.StartMs <= world.NowMs))
                    {
                        var childTimeline = SfnSimulator.SimulateChild(model, world.Context, map, i, run.Ordinal, child.Index, child.StartMs, child.AbortedAtMs);
                        var childName = ArnCodec.ChildName(model, world.Context, i, run.Ordinal, child.Index);
                        var childSource = new SfnHistorySource(childTimeline.Events, SfnHistorySource.VisibleCount(childTimeline.Events, world.NowMs));
                        var childFile = Path.Combine("sfn", $"{model.Name}__{run.Label}", (i / 1000).ToString("D5", System.Globalization.CultureInfo.InvariantCulture), childName + ".jsonl");
                        var (cp, cb) = WriteFile(outDir, childFile, childSource, pageSize, includeExecutionData, "events", "nextToken", childName, buffer, folders);
                        Record(index, ArnCodec.ChildArn(model, world.Context, run.Label, run.ChildExecutionType, i, run.Ordinal, child.Index), childFile, childSource.Count, cp);
                        (executions, pages, events, bytes) = (executions + 1, pages + cp, events + childSource.Count, bytes + cb);
                    }
                }
            }
        }
        foreach (var model in world.DurableFunctions)
        {
            var count = model.Schedule.CountStartedBy(world.NowMs);
            for (long i = 0; i < count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var timeline = DurableSimulator.Simulate(model, world.Seed, i);
                var name = DurableArnCodec.ExecutionName(model, world.Seed, i);
                var source = new DurableHistorySource(timeline.Events, DurableHistorySource.VisibleCount(timeline.Events, world.NowMs));
                var file = Path.Combine("durable", model.Name, (i / 1000).ToString("D5", System.Globalization.CultureInfo.InvariantCulture), name + ".jsonl");
                var (p, b) = WriteFile(outDir, file, source, pageSize, includeExecutionData, "Events", "NextMarker", name, buffer, folders);
                Record(index, DurableArnCodec.ExecutionArn(model, world.Seed, i, timeline.ExecutionId), file, source.Count, p);
                (durableExecutions, pages, events, bytes) = (durableExecutions + 1, pages + p, events + source.Count, bytes + b);
            }
        }
        return new PagesSummary(executions, durableExecutions, pages, events, bytes);
    }

    private static (int Pages, long Bytes) WriteFile(string outDir, string relativePath, IHistorySource source, int pageSize, bool includeData,
        string itemsMember, string tokenMember, string tokenPrefix, MemoryStream buffer, HashSet<string> folders)
    {
        var path = Path.Combine(outDir, relativePath);
        var directory = Path.GetDirectoryName(path)!;
        // Files of consecutive executions share a bucket folder: create it once, not once per file.
        if (folders.Add(directory))
        {
            Directory.CreateDirectory(directory);
        }
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 64 * 1024);
        var pages = 0;
        long bytes = 0;
        var start = 0;
        do
        {
            buffer.SetLength(0);
            using (var w = new Utf8JsonWriter(buffer, s_writerOptions))
            {
                w.WriteStartObject();
                w.WriteStartArray(itemsMember);
                var n = Math.Min(pageSize, source.Count - start);
                source.WriteItems(w, start, n, reverseOrder: false, includeData);
                w.WriteEndArray();
                start += n;
                if (start < source.Count)
                {
                    w.WriteString(tokenMember, $"{tokenPrefix}:{start}");
                }
                w.WriteEndObject();
            }
            buffer.WriteByte((byte)'\n');
            file.Write(buffer.GetBuffer(), 0, (int)buffer.Length);
            bytes += buffer.Length;
            pages++;
        }
        while (start < source.Count);
        return (pages, bytes);
    }

    private static void Record(StreamWriter index, string arn, string file, int events, int pages)
    {
        index.Write("{\"arn\":");
        index.Write(JsonSerializer.Serialize(arn));
        index.Write(",\"file\":");
        index.Write(JsonSerializer.Serialize(file.Replace('\\', '/')));
        index.Write($",\"events\":{events},\"pages\":{pages}}}\n");
    }
}
