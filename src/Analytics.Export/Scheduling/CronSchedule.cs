using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace Analytics.Export.Scheduling;

/// <summary>
/// A five-field cron expression (minute hour day-of-month month day-of-week), evaluated in UTC. Fields take <c>*</c>,
/// numbers, ranges <c>a-b</c>, lists <c>a,b</c> and steps <c>*/n</c> or <c>a-b/n</c>; day-of-week 0 or 7 is Sunday.
/// As in classic cron, when both day fields are restricted a day matches if either does.
/// </summary>
public sealed class CronSchedule
{
    private readonly bool[] _minutes;
    private readonly bool[] _hours;
    private readonly bool[] _days;
    private readonly bool[] _months;
    private readonly bool[] _weekdays;
    private readonly bool _dayRestricted;
    private readonly bool _weekdayRestricted;

    private CronSchedule(string text, bool[] minutes, bool[] hours, bool[] days, bool[] months, bool[] weekdays, bool dayRestricted, bool weekdayRestricted)
    {
        Text = text;
        _minutes = minutes;
        _hours = hours;
        _days = days;
        _months = months;
        _weekdays = weekdays;
        _dayRestricted = dayRestricted;
        _weekdayRestricted = weekdayRestricted;
    }

    public string Text { get; }

    /// <exception cref="ValidationException">Not a valid five-field expression (the message says which field).</exception>
    public static CronSchedule Parse(string? text)
    {
        var fields = (text ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length != 5)
        {
            throw new ValidationException($"--schedule must have 5 fields (minute hour day-of-month month day-of-week), e.g. \"0 2 * * *\"; got '{text}'.");
        }
        var weekdays = Field(fields[4], 0, 7, "day-of-week");
        weekdays[0] |= weekdays[7];
        return new CronSchedule(string.Join(' ', fields),
            Field(fields[0], 0, 59, "minute"), Field(fields[1], 0, 23, "hour"), Field(fields[2], 1, 31, "day-of-month"),
            Field(fields[3], 1, 12, "month"), weekdays, fields[2] != "*", fields[4] != "*");
    }

    /// <summary>The first matching minute strictly after <paramref name="after"/> (UTC).</summary>
    public DateTimeOffset Next(DateTimeOffset after)
    {
        var t = after.ToUniversalTime();
        t = new DateTimeOffset(t.Year, t.Month, t.Day, t.Hour, t.Minute, 0, TimeSpan.Zero).AddMinutes(1);
        var limit = t.AddYears(5);
        while (t < limit)
        {
            if (!_months[t.Month])
            {
                t = new DateTimeOffset(t.Year, t.Month, 1, 0, 0, 0, TimeSpan.Zero).AddMonths(1);
                continue;
            }
            if (!DayMatches(t))
            {
                t = new DateTimeOffset(t.Year, t.Month, t.Day, 0, 0, 0, TimeSpan.Zero).AddDays(1);
                continue;
            }
            if (!_hours[t.Hour])
            {
                t = new DateTimeOffset(t.Year, t.Month, t.Day, t.Hour, 0, 0, TimeSpan.Zero).AddHours(1);
                continue;
            }
            if (!_minutes[t.Minute])
            {
                t = t.AddMinutes(1);
                continue;
            }
            return t;
        }
        throw new InvalidOperationException($"The schedule '{Text}' never matches (e.g. February 30).");
    }

    private bool DayMatches(DateTimeOffset t)
    {
        var day = _days[t.Day];
        var weekday = _weekdays[(int)t.DayOfWeek];
        return _dayRestricted && _weekdayRestricted ? day || weekday : day && weekday;
    }

    private static bool[] Field(string field, int min, int max, string name)
    {
        var set = new bool[max + 1];
        foreach (var part in field.Split(','))
        {
            var step = 1;
            var range = part;
            var slash = part.IndexOf('/', StringComparison.Ordinal);
            if (slash >= 0)
            {
                step = Number(part[(slash + 1)..], 1, max, name);
                range = part[..slash];
            }
            int from, to;
            if (range == "*")
            {
                (from, to) = (min, max);
            }
            else if (range.IndexOf('-', StringComparison.Ordinal) is var dash and > 0)
            {
                (from, to) = (Number(range[..dash], min, max, name), Number(range[(dash + 1)..], min, max, name));
                if (from > to)
                {
                    throw new ValidationException($"--schedule {name}: range '{range}' runs backwards.");
                }
            }
            else
            {
                from = Number(range, min, max, name);
                to = slash >= 0 ? max : from;
            }
            for (var v = from; v <= to; v += step)
            {
                set[v] = true;
            }
        }
        return set;
    }

    private static int Number(string text, int min, int max, string name) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new ValidationException($"--schedule {name}: '{text}' is not a number in {min}..{max}.");
}
