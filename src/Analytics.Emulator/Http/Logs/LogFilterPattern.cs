using System.Text.RegularExpressions;
using Analytics.Emulator.Simulation.Logs;

namespace Analytics.Emulator.Http.Logs;

/// <summary>
/// The filter patterns the emulator understands: none (every event), one JSON comparison of a top-level member of
/// the log line (<c>{ $.execution_arn = "…" }</c>, <c>=</c> or <c>!=</c>, quoted or bare value), or one term that the
/// message must contain (<c>ExecutionFailed</c>, <c>"States.Timeout"</c>). Anything else is an InvalidParameterException.
/// </summary>
internal sealed partial class LogFilterPattern
{
    [GeneratedRegex(@"^\{\s*\$\.([a-z_]+)\s*(!?=)\s*(?:""([^""]*)""|([^\s""}]+))\s*\}$")]
    private static partial Regex JsonComparison();

    [GeneratedRegex(@"^(?:""([^""]+)""|([^\s""{}]+))$")]
    private static partial Regex Term();

    private readonly string? _member;
    private readonly bool _negated;
    private readonly string? _value;
    private readonly string? _term;

    private LogFilterPattern(string? member, bool negated, string? value, string? term)
    {
        (_member, _negated, _value, _term) = (member, negated, value, term);
    }

    public static LogFilterPattern All { get; } = new(null, false, null, null);

    /// <summary>Whether matching needs the message text (a term), not only the envelope's members.</summary>
    public bool NeedsMessage => _term is not null;

    public static LogFilterPattern Parse(string? pattern)
    {
        var text = pattern?.Trim() ?? "";
        if (text.Length == 0)
        {
            return All;
        }
        if (JsonComparison().Match(text) is { Success: true } json)
        {
            if (Member(json.Groups[1].Value) is null)
            {
                throw LogsErrors.InvalidParameter($"Invalid filter pattern: the emulator compares only the log line's envelope members, not '$.{json.Groups[1].Value}'");
            }
            var value = json.Groups[3].Success ? json.Groups[3].Value : json.Groups[4].Value;
            return new LogFilterPattern(json.Groups[1].Value, json.Groups[2].Value == "!=", value, null);
        }
        if (Term().Match(text) is { Success: true } term)
        {
            return new LogFilterPattern(null, false, null, term.Groups[1].Success ? term.Groups[1].Value : term.Groups[2].Value);
        }
        throw LogsErrors.InvalidParameter("Invalid filter pattern");
    }

    public bool Matches(LogEventRecord e, string? message)
    {
        if (_term is not null)
        {
            return message!.Contains(_term, StringComparison.Ordinal);
        }
        return _member is null || (Member(_member)!(e) == _value) != _negated;
    }

    /// <summary>The envelope members, as the strings the log line holds.</summary>
    public static Func<LogEventRecord, string>? Member(string name) => name switch
    {
        "execution_arn" => static e => e.ExecutionArn,
        "type" => static e => e.Type,
        "id" => static e => e.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
        "previous_event_id" => static e => e.PreviousEventId.ToString(System.Globalization.CultureInfo.InvariantCulture),
        "event_timestamp" => static e => e.Timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture),
        "redrive_count" => static _ => "0",
        _ => null,
    };
}
