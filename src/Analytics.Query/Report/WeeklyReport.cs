using System.Text;
using Analytics.Query.Report.Sections;

namespace Analytics.Query.Report;

/// <summary>`analytics report`: builds a week's report over a dataset and writes &lt;week&gt;.md and &lt;week&gt;.html.</summary>
public static class WeeklyReport
{
    /// <param name="datasetName">What the report calls the dataset when <paramref name="dataDirectory"/> is only a
    /// local copy of it (an <c>s3://</c> dataset's mirror); null: the folder.</param>
    /// <returns>The Markdown and HTML files written.</returns>
    /// <exception cref="QueryException">The dataset cannot be read.</exception>
    public static (string Markdown, string Html, WeeklyReportData Data) Write(string dataDirectory, IsoWeek week, string outDirectory,
        QuerySessionOptions? options = null, DateTimeOffset? now = null, string? datasetName = null)
    {
        ArgumentNullException.ThrowIfNull(outDirectory);
        WeeklyReportData data;
        using (var session = QuerySession.Open(dataDirectory, options))
        {
            data = WeeklyReportBuilder.Build(session, week, now ?? DateTimeOffset.UtcNow);
        }
        if (datasetName is not null)
        {
            data = data with { DataDirectory = datasetName };
        }
        Directory.CreateDirectory(outDirectory);
        var markdown = Path.Combine(outDirectory, week + ".md");
        var html = Path.Combine(outDirectory, week + ".html");
        WriteAtomically(markdown, MarkdownReport.Render(data));
        WriteAtomically(html, HtmlReport.Render(data));
        return (markdown, html, data);
    }

    /// <summary>The report's headline block as plain text for a terminal.</summary>
    public static string HeadlineText(WeeklyReportData data) => HeadlineSection.PlainText(data ?? throw new ArgumentNullException(nameof(data)));

    /// <summary>Temp file then rename, so a reader never sees half a report.</summary>
    private static void WriteAtomically(string path, string text)
    {
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, text, new UTF8Encoding(false));
        File.Move(temporary, path, overwrite: true);
    }
}
