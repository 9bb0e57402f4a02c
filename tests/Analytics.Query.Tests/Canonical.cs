using System.Globalization;

namespace Analytics.Query.Tests;

/// <summary>Values spelled one way whatever .NET type carried them (BIGINT vs HUGEINT, INTEGER vs long), for exact comparison.</summary>
internal static class Canonical
{
    public static string Text(object? value) => value switch
    {
        null => "NULL",
        bool b => b ? "true" : "false",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => ((double)f).ToString("R", CultureInfo.InvariantCulture),
        Int128 i => i.ToString(CultureInfo.InvariantCulture),
        sbyte or short or int or long or byte or ushort or uint or ulong => Convert.ToInt64(value, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture),
        DateTimeOffset t => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "NULL",
    };

    public static List<string> Rows(IEnumerable<object?[]> rows) => rows.Select(r => string.Join(" | ", r.Select(Text))).ToList();

    public static List<string> Rows(QueryTable table) => Rows(table.Rows);
}
