using System.Globalization;
using System.Text;

namespace Analytics.Query.Report;

/// <summary>The weekly report as Markdown. Text from the data is escaped so it cannot break a table or inject HTML.</summary>
public static class MarkdownReport
{
    public static string Render(WeeklyReportData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var md = new StringBuilder();
        md.Append(CultureInfo.InvariantCulture, $"# Weekly reliability report {data.Week}\n\n");
        md.Append(CultureInfo.InvariantCulture, $"Week {ReportText.Period(data.Week)}, compared with {data.Week.Previous}. ");
        md.Append(CultureInfo.InvariantCulture, $"Dataset `{Escape(data.DataDirectory)}`, generated {data.GeneratedAt.UtcDateTime:yyyy-MM-dd HH:mm}Z.\n\n");
        var writer = new Writer(md);
        foreach (var section in ReportSections.All)
        {
            section(writer, data);
        }
        return md.ToString();
    }

    /// <summary>Escapes Markdown and HTML specials so data shows as text.</summary>
    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var escaped = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            switch (c)
            {
                case '\r' or '\n':
                    escaped.Append(' ');
                    break;
                case '<':
                    escaped.Append("&lt;");
                    break;
                case '>':
                    escaped.Append("&gt;");
                    break;
                case '&':
                    escaped.Append("&amp;");
                    break;
                case '|' or '\\' or '*' or '_' or '`' or '[' or ']':
                    escaped.Append('\\').Append(c);
                    break;
                default:
                    escaped.Append(c);
                    break;
            }
        }
        return escaped.ToString();
    }

    private sealed class Writer(StringBuilder md) : IReportWriter
    {
        public void Heading(string text, string? id = null) => md.Append("## ").Append(Escape(text)).Append("\n\n");

        public void Paragraph(string text, ParagraphStyle style = ParagraphStyle.Plain) =>
            md.Append(style == ParagraphStyle.Warning ? "> **" + Escape(text) + "**" : Escape(text)).Append("\n\n");

        public void Table(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
        {
            var list = rows.ToList();
            if (list.Count == 0)
            {
                md.Append("No data for this week.\n\n");
                return;
            }
            md.Append("| ").Append(string.Join(" | ", header.Select(Escape))).Append(" |\n");
            md.Append('|').Append(string.Concat(header.Select(_ => " --- |"))).Append('\n');
            foreach (var row in list)
            {
                md.Append("| ").Append(string.Join(" | ", row.Select(c => c == ReportText.RegressionMark ? "**" + c + "**" : Escape(c)))).Append(" |\n");
            }
            md.Append('\n');
        }

        public void FlagList(IEnumerable<(string Text, IReadOnlyList<string> Children)> items)
        {
            foreach (var (text, children) in items)
            {
                md.Append("- ").Append(Bold(text)).Append('\n');
                foreach (var child in children)
                {
                    md.Append("  - ").Append(Bold(child)).Append('\n');
                }
            }
            md.Append('\n');
        }

        public void Chart(Func<string> svg, string? caption = null)
        {
            // Charts are HTML only: every chart sits beside a table with the same figures.
        }

        public void Headlines(string title, (string Current, string Previous) weeks, IReadOnlyList<HeadlineRow> rows, string completeness, string note)
        {
            Heading(title);
            Table(["", weeks.Current, weeks.Previous, "Change"],
                rows.Select(r => new[] { r.Label, r.Current, r.Previous, r.Change }));
            md.Append("Data completeness: ").Append(Escape(completeness)).Append(".\n\n").Append(Escape(note)).Append("\n\n");
        }

        /// <summary>"name: rest" with the name in bold, as the flagged lines read.</summary>
        private static string Bold(string text)
        {
            var colon = text.IndexOf(": ", StringComparison.Ordinal);
            var space = text.StartsWith("state ", StringComparison.Ordinal) ? 6 : 0;
            return colon < 0 ? Escape(text) : Escape(text[..space]) + "**" + Escape(text[space..colon]) + "**" + Escape(text[colon..]);
        }
    }
}
