using System.Buffers;
using System.Text;
using System.Text.Json;
using Analytics.Aws.Logs;

namespace Analytics.Aws.Tests.Logs;

public sealed class LogEventsPageTests
{
    [Fact]
    public void Escaped_strings_larger_than_the_scratch_so_far_are_read_intact_with_the_event_s_earlier_ones()
    {
        // Each event: an escaped stream name, then escaped messages growing past every scratch buffer before it.
        var events = Enumerable.Range(0, 6).Select(i => (
            Id: $"id-{i}",
            Stream: $"states/\"m\"/{i}",
            Message: "{\"n\":\"" + new string((char)('a' + i), 1000 << i) + "\",\"q\":\"\\\"\"}")).ToList();
        var json = JsonSerializer.SerializeToUtf8Bytes(new
        {
            events = events.Select(e => new { eventId = e.Id, logStreamName = e.Stream, timestamp = 1L, ingestionTime = 2L, message = e.Message }),
            nextToken = "t",
        });
        // The page gives its bytes back to the pool they come from.
        var array = ArrayPool<byte>.Shared.Rent(json.Length);
        json.CopyTo(array, 0);
        using var page = new LogEventsPage(new HistoryPage(array, json.Length, "t"));

        var read = new List<(string, string, string)>();
        foreach (var e in page)
        {
            read.Add((Encoding.UTF8.GetString(e.EventId), Encoding.UTF8.GetString(e.LogStreamName), Encoding.UTF8.GetString(e.Message)));
        }

        Assert.Equal(events.Select(e => (e.Id, e.Stream, e.Message)), read);
    }
}
