using System.Globalization;
using System.Text;

namespace Analytics.DuckDb;

/// <summary>A DuckDB INTERVAL: months, days and microseconds kept apart (a month has no fixed length).</summary>
public readonly record struct DuckDbInterval(int Months, int Days, long Micros)
{
    /// <summary>DuckDB's own spelling, e.g. "1 year 2 months 3 days 04:05:06.5".</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        var years = Months / 12;
        var months = Months % 12;
        Part(text, years, "year");
        Part(text, months, "month");
        Part(text, Days, "day");
        if (Micros != 0 || text.Length == 0)
        {
            if (text.Length > 0)
            {
                text.Append(' ');
            }
            text.Append(Micros < 0 ? "-" : string.Empty).Append(ValueText.TimeOfDay(Micros < 0 ? unchecked((ulong)-Micros) : (ulong)Micros));
        }
        return text.ToString();
    }

    private static void Part(StringBuilder text, int amount, string unit)
    {
        if (amount == 0)
        {
            return;
        }
        if (text.Length > 0)
        {
            text.Append(' ');
        }
        text.Append(amount.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(unit);
        if (Math.Abs(amount) != 1)
        {
            text.Append('s');
        }
    }
}
