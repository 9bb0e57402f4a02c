using System.Globalization;
using System.Text.RegularExpressions;
using Analytics.Emulator.Simulation.Logs;

namespace Analytics.Emulator.Http.Logs;

/// <summary>
/// The Logs Insights query shape the emulator runs (the one the client sends): commands separated by <c>|</c>, each
/// at most once — <c>fields</c> (system fields <c>@timestamp @message @logStream @log @ingestionTime @ptr</c> and the
/// log line's envelope members such as <c>execution_arn</c>, <c>type</c>, <c>id</c>), <c>filter &lt;field&gt; = "v"</c>
/// (or <c>!=</c>), <c>sort @timestamp asc|desc</c> and <c>limit N</c>. Anything else is a MalformedQueryException.
/// </summary>
internal sealed partial record LogsQuery
{
    private static readonly string[] s_systemFields = ["@timestamp", "@message", "@logStream", "@log", "@ingestionTime", "@ptr"];

    [GeneratedRegex(@"^filter\s+(@?[A-Za-z_]+)\s*(!?=)\s*""([^""]*)""$")]
    private static partial Regex Filter();

    [GeneratedRegex(@"^sort\s+@timestamp(?:\s+(asc|desc))?$")]
    private static partial Regex Sort();

    [GeneratedRegex(@"^limit\s+([0-9]{1,6})$")]
    private static partial Regex LimitCommand();

    public IReadOnlyList<string> Fields { get; private init; } = ["@timestamp", "@message"];

    public (string Field, bool Negated, string Value)? Where { get; private init; }

    public bool Descending { get; private init; }

    public int? Limit { get; private init; }

    public static LogsQuery Parse(string text)
    {
        var query = new LogsQuery();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var raw in text.Split('|'))
        {
            var command = raw.Trim();
            var verb = command.Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "";
            if (!seen.Add(verb))
            {
                throw LogsErrors.MalformedQuery($"The emulator runs each command once; '{verb}' appears twice");
            }
            query = verb switch
            {
                "fields" => query with { Fields = ParseFields(command["fields".Length..]) },
                "filter" when Filter().Match(command) is { Success: true } m && Known(m.Groups[1].Value) =>
                    query with { Where = (m.Groups[1].Value, m.Groups[2].Value == "!=", m.Groups[3].Value) },
                "sort" when Sort().Match(command) is { Success: true } m => query with { Descending = m.Groups[1].Value == "desc" },
                "limit" when LimitCommand().Match(command) is { Success: true } m && int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) is >= 1 and <= 10_000 and var n =>
                    query with { Limit = n },
                _ => throw LogsErrors.MalformedQuery($"The emulator does not run this query command: '{command}'"),
            };
        }
        return query;
    }

    private static string[] ParseFields(string list)
    {
        var fields = list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length == 0 || fields.Any(f => !Known(f)))
        {
            throw LogsErrors.MalformedQuery($"Unknown or missing field in 'fields{list}'");
        }
        return fields;
    }

    private static bool Known(string field) => s_systemFields.Contains(field) || LogFilterPattern.Member(field) is not null;

    /// <summary>A field's value for one event, as Insights returns it (strings; timestamps as `yyyy-MM-dd HH:mm:ss.fff`).</summary>
    public static string Value(string field, LogEventRecord e, string logGroup, string accountId, string message) => field switch
    {
        "@timestamp" => Time(e.Timestamp),
        "@ingestionTime" => Time(e.IngestionTime),
        "@message" => message,
        "@logStream" => e.LogStreamName,
        "@log" => $"{accountId}:{logGroup}",
        "@ptr" => Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{logGroup}/{e.EventId}")),
        _ => LogFilterPattern.Member(field)!(e),
    };

    private static string Time(long epochMs) =>
        DateTimeOffset.FromUnixTimeMilliseconds(epochMs).ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture);
}
