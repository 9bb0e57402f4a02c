using System.Buffers;
using System.Text.Json;
using Analytics.Emulator.Http.Paging;
using Analytics.Emulator.Simulation.Logs;
using Analytics.Emulator.World;

namespace Analytics.Emulator.Http.Logs;

/// <summary>
/// The CloudWatch Logs read API over awsJson1_1 (aws-wire-facts-logs §3): FilterLogEvents, DescribeLogGroups and the
/// Logs Insights calls (in LogsApi.Insights.cs), with the SDK model's member names and bounds.
/// </summary>
internal sealed partial class LogsApi(IWorld world, PageTokenCodec tokens, long seed)
{
    /// <summary>
    /// How many hours of event time one FilterLogEvents page searches at most: like AWS, a page can come back with
    /// few or no events and a nextToken, and callers must keep paging.
    /// </summary>
    public const int HoursPerPage = 6;

    private const int MaxPageBytes = 1 << 20;

    public static readonly IReadOnlySet<string> Operations = new HashSet<string>(StringComparer.Ordinal)
    {
        "FilterLogEvents", "DescribeLogGroups", "StartQuery", "GetQueryResults", "StopQuery",
    };

    public void Invoke(string operation, LogsInput input, Utf8JsonWriter output)
    {
        switch (operation)
        {
            case "FilterLogEvents": FilterLogEvents(input, output); break;
            case "DescribeLogGroups": DescribeLogGroups(input, output); break;
            case "StartQuery": StartQuery(input, output); break;
            case "GetQueryResults": GetQueryResults(input, output); break;
            case "StopQuery": StopQuery(input, output); break;
            default: throw LogsErrors.UnknownOperation(LogsErrors.Target + operation);
        }
    }

    private void FilterLogEvents(LogsInput input, Utf8JsonWriter output)
    {
        var group = RequireGroup(input.String("logGroupName", 512), input.String("logGroupIdentifier", 2048));
        var names = input.Strings("logStreamNames", 100);
        var prefix = input.String("logStreamNamePrefix", 512);
        if (names is not null && prefix is not null)
        {
            throw LogsErrors.InvalidParameter("logStreamNames and logStreamNamePrefix are mutually exclusive");
        }
        var start = input.Long("startTime", 0, long.MaxValue) ?? 0;
        var end = input.Long("endTime", 0, long.MaxValue) ?? long.MaxValue;
        if (start > end)
        {
            throw LogsErrors.InvalidParameter("endTime must be greater than or equal to startTime");
        }
        var limit = (int)(input.Long("limit", 1, 10_000) ?? 10_000);
        var pattern = LogFilterPattern.Parse(input.String("filterPattern", 1024));
        if (input.Bool("startFromHead") == false)
        {
            throw LogsErrors.InvalidParameter("The emulator serves FilterLogEvents from the head only (startFromHead false is not simulated)");
        }

        var arguments = string.Join('|', "FilterLogEvents", group.Name, start, end, names is null ? "" : string.Join(',', names), prefix, input.String("filterPattern"));
        var (hour, skip) = Position(input, arguments, group, start);
        var lastHour = Math.Min(end, world.Now.ToUnixTimeMilliseconds()) / LogGroup.HourMs * LogGroup.HourMs;

        output.WriteStartObject();
        output.WriteStartArray("events");
        var message = new ArrayBufferWriter<byte>(1024);
        var (count, bytes, hours) = (0, 0, 0);
        long? next = null;
        for (; hour <= lastHour; hour += LogGroup.HourMs, skip = 0)
        {
            if (hours++ == HoursPerPage)
            {
                next = Encode(group, hour, 0);
                break;
            }
            var events = group.EventsInHour(hour);
            var i = skip;
            for (; i < events.Count && count < limit && bytes < MaxPageBytes; i++)
            {
                var e = events[i];
                if (e.Timestamp < start || e.Timestamp > end || !InStreams(e.LogStreamName, names, prefix))
                {
                    continue;
                }
                e.WriteMessage(message);
                if (!pattern.Matches(e, pattern.NeedsMessage ? System.Text.Encoding.UTF8.GetString(message.WrittenSpan) : null))
                {
                    continue;
                }
                WriteEvent(output, e, message.WrittenSpan);
                count++;
                bytes += message.WrittenCount + 200;
            }
            if (i < events.Count && (count == limit || bytes >= MaxPageBytes))
            {
                next = Encode(group, hour, i);
                break;
            }
        }
        output.WriteEndArray();
        output.WriteStartArray("searchedLogStreams");
        output.WriteEndArray();
        if (next is { } position)
        {
            output.WriteString("nextToken", tokens.Encode(arguments, position));
        }
        output.WriteEndObject();
    }

    private static void WriteEvent(Utf8JsonWriter output, LogEventRecord e, ReadOnlySpan<byte> message)
    {
        output.WriteStartObject();
        output.WriteString("logStreamName", e.LogStreamName);
        output.WriteNumber("timestamp", e.Timestamp);
        output.WriteString("message", message);
        output.WriteNumber("ingestionTime", e.IngestionTime);
        output.WriteString("eventId", e.EventId);
        output.WriteEndObject();
    }

    private static bool InStreams(string stream, IReadOnlyList<string>? names, string? prefix) =>
        names is not null ? names.Contains(stream) : prefix is null || stream.StartsWith(prefix, StringComparison.Ordinal);

    /// <summary>A position is the hour (counted from the group's first) in the high bits and the index within it below.</summary>
    private static long Encode(LogGroup group, long hourMs, int index) => ((hourMs - group.FirstHourMs) / LogGroup.HourMs << 32) | (uint)index;

    private (long HourMs, int Skip) Position(LogsInput input, string arguments, LogGroup group, long start)
    {
        var token = input.String("nextToken");
        if (token is null)
        {
            return (Math.Max(group.FirstHourMs, start / LogGroup.HourMs * LogGroup.HourMs), 0);
        }
        var problem = tokens.TryDecode(token, arguments, out var position);
        return problem == TokenProblem.None
            ? (group.FirstHourMs + (position >> 32) * LogGroup.HourMs, (int)(position & 0xFFFFFFFF))
            : throw LogsErrors.InvalidParameter($"The specified nextToken is invalid. ({PageTokenCodec.Describe(problem)})");
    }

    private void DescribeLogGroups(LogsInput input, Utf8JsonWriter output)
    {
        var prefix = input.String("logGroupNamePrefix", 512);
        var pattern = input.String("logGroupNamePattern", 512);
        if (prefix is not null && pattern is not null)
        {
            throw LogsErrors.InvalidParameter("logGroupNamePrefix and logGroupNamePattern are mutually exclusive");
        }
        var identifiers = input.Strings("logGroupIdentifiers", 50);
        var limit = (int)(input.Long("limit", 1, 50) ?? 50);
        var groups = world.Logs.Groups
            .Where(g => (prefix is null || g.Name.StartsWith(prefix, StringComparison.Ordinal))
                && (pattern is null || g.Name.Contains(pattern, StringComparison.OrdinalIgnoreCase))
                && (identifiers is null || identifiers.Any(id => NameOf(id) == g.Name)))
            .ToList();
        var arguments = string.Join('|', "DescribeLogGroups", prefix, pattern, identifiers is null ? "" : string.Join(',', identifiers));
        var page = Pager.Cut(groups, PagePosition(input, arguments), limit);
        PageWriter.Write(output, "logGroups", page.Items, static (w, g) =>
        {
            w.WriteStartObject();
            w.WriteString("logGroupName", g.Name);
            w.WriteNumber("creationTime", g.CreationTime.ToUnixTimeMilliseconds());
            w.WriteNumber("metricFilterCount", 0);
            w.WriteString("arn", g.Arn);
            w.WriteNumber("storedBytes", 0);
            w.WriteString("logGroupClass", "STANDARD");
            w.WriteString("logGroupArn", g.LogGroupArn);
            w.WriteEndObject();
        }, "nextToken", page.Next is { } next ? tokens.Encode(arguments, next) : null);
    }

    private long PagePosition(LogsInput input, string arguments)
    {
        var token = input.String("nextToken");
        if (token is null)
        {
            return 0;
        }
        var problem = tokens.TryDecode(token, arguments, out var position);
        return problem == TokenProblem.None ? position : throw LogsErrors.InvalidParameter($"The specified nextToken is invalid. ({PageTokenCodec.Describe(problem)})");
    }

    private LogGroup RequireGroup(string? name, string? identifier)
    {
        if ((name is null) == (identifier is null))
        {
            throw LogsErrors.InvalidParameter("Exactly one of logGroupName and logGroupIdentifier must be given");
        }
        return world.Logs.Find(name ?? NameOf(identifier!)) ?? throw LogsErrors.LogGroupNotFound();
    }

    /// <summary>A group name from a name or an ARN (`arn:aws:logs:…:log-group:NAME`, with or without `:*`).</summary>
    private static string NameOf(string identifier)
    {
        const string Marker = ":log-group:";
        var at = identifier.IndexOf(Marker, StringComparison.Ordinal);
        if (!identifier.StartsWith("arn:", StringComparison.Ordinal) || at < 0)
        {
            return identifier;
        }
        var name = identifier[(at + Marker.Length)..];
        return name.EndsWith(":*", StringComparison.Ordinal) ? name[..^2] : name;
    }
}
