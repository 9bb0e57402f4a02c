using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Analytics.Query.Report;

namespace Analytics.Query.Tests;

/// <summary>
/// The 2026-W47 report of the exported default world, as a user opens it: laid out by headless Chromium at 1280 px.
/// Every assertion is on DOM facts (a fresh machine may render text differently, or not at all, so nothing depends on
/// how the pixels come out); the full-page screenshot is saved under TestResults/ for people, best effort.
/// </summary>
public sealed partial class HtmlReportLayoutBrowserTests(ExportedWorldFixture world) : IClassFixture<ExportedWorldFixture>
{
    private static readonly IsoWeek s_week = IsoWeek.Parse("2026-W47");

    [ChromiumFact]
    public void The_report_fits_1280_px_opens_with_headlines_equal_to_world_truth_and_spells_durations_for_people()
    {
        using var output = new TempFolder();
        var (_, html, _) = WeeklyReport.Write(world.Root, s_week, output.Path, now: ExportedWorldFixture.Now);

        var probe = Probe(output, html);

        Assert.True(probe.ScrollWidth <= probe.InnerWidth, $"horizontal overflow: scrollWidth {probe.ScrollWidth} > innerWidth {probe.InnerWidth}");
        Assert.Equal(1280, probe.InnerWidth);
        AssertHeadlinesEqualTruth(probe.Dom);
        var raw = RawMilliseconds().Matches(Text(probe.Dom)).Select(m => m.Value)
            .Where(m => long.Parse(m[..m.IndexOf(' ', StringComparison.Ordinal)], NumberStyles.AllowThousands, CultureInfo.InvariantCulture) > 10_000).ToList();
        Assert.True(raw.Count == 0, "durations rendered as raw milliseconds: " + string.Join(", ", raw.Take(10)));
        SaveScreenshot(output, html, probe.ScrollHeight);
    }

    private void AssertHeadlinesEqualTruth(string dom)
    {
        Assert.Contains("<section id=\"headlines\">", dom, StringComparison.Ordinal);
        Assert.True(dom.IndexOf("id=\"headlines\"", StringComparison.Ordinal) < dom.IndexOf("<h2>Regressions</h2>", StringComparison.Ordinal),
            "the headline block comes first");
        foreach (var (week, column) in new[] { (s_week, "current"), (s_week.Previous, "previous") })
        {
            var truth = world.Truth.Weeks[week.ToString()];
            // The dataset holds closed executions; open ones reach it once they close (the open-executions row).
            AssertCell(dom, "executions", column, truth.Closed.ToString(CultureInfo.InvariantCulture), Readable.Count(truth.Closed));
            AssertCell(dom, "failure-rate", column, truth.FailureRate!.Value.ToString("R", CultureInfo.InvariantCulture), Readable.Percent(truth.FailureRate));
            AssertCell(dom, "p95-duration", column, truth.DurationMs!.P95.ToString(CultureInfo.InvariantCulture), Readable.Duration(truth.DurationMs.P95));
        }
        // The world's one injected regression (order-fulfillment's ChargePayment, from 2026-11-16).
        AssertCell(dom, "regressions", "current", "1", "1 (order-fulfillment)");
        var open = world.Truth.OpenExecutions.Values.Sum(o => o.Count);
        AssertCell(dom, "open-executions", "current", open.ToString(CultureInfo.InvariantCulture), Readable.Count(open));
        Assert.Matches("<p data-headline=\"completeness\"><strong>Data completeness:</strong> (all histories exported|missing: )", dom);
    }

    private static void AssertCell(string dom, string row, string week, string raw, string text)
    {
        var match = Regex.Match(dom, $"<tr data-headline=\"{row}\">.*?<td [^>]*data-week=\"{week}\" data-value=\"([^\"]*)\">([^<]*)</td>");
        Assert.True(match.Success, $"no {week} cell in headline row {row}");
        Assert.Equal((raw, text), (match.Groups[1].Value, WebUtility.HtmlDecode(match.Groups[2].Value)));
    }

    private sealed record ProbeResult(string Dom, int ScrollWidth, int InnerWidth, int ScrollHeight);

    /// <summary>The report plus a measuring script (the report itself has none and its CSP forbids one, so the copy's
    /// CSP also allows inline script): it writes the layout figures into the DOM, which --dump-dom prints.</summary>
    private static ProbeResult Probe(TempFolder folder, string html)
    {
        const string Script = """
            <script>var probe = document.createElement('pre'); probe.id = 'layout' + '-probe'; probe.textContent = JSON.stringify({scrollWidth:
            document.documentElement.scrollWidth, innerWidth: window.innerWidth, scrollHeight: document.documentElement.scrollHeight});
            document.body.appendChild(probe);</script>
            """;
        var page = File.ReadAllText(html)
            .Replace(HtmlReport.ContentSecurityPolicy, HtmlReport.ContentSecurityPolicy + "; script-src 'unsafe-inline'", StringComparison.Ordinal)
            .Replace("</body>", Script + "</body>", StringComparison.Ordinal);
        var probeFile = folder.Combine("probe.html");
        File.WriteAllText(probeFile, page);
        var (dom, log) = HtmlReportBrowserTests.RunChromium(folder.Combine("profile-probe"), folder.Combine("netlog-probe.json"), new Uri(probeFile).AbsoluteUri, "--dump-dom");
        var json = Regex.Match(dom, "<pre id=\"layout-probe\">([^<]*)</pre>");
        Assert.True(json.Success, "the layout probe did not run; chromium said:\n" + string.Join('\n', log.Split('\n').TakeLast(20)));
        using var figures = JsonDocument.Parse(WebUtility.HtmlDecode(json.Groups[1].Value));
        int Figure(string name) => figures.RootElement.GetProperty(name).GetInt32();
        return new ProbeResult(dom, Figure("scrollWidth"), Figure("innerWidth"), Figure("scrollHeight"));
    }

    /// <summary>Best effort, never asserted: a fresh machine may render a near-blank image (missing fonts).</summary>
    private static void SaveScreenshot(TempFolder folder, string html, int height)
    {
        try
        {
            var results = Directory.CreateDirectory(Path.Combine(ExportedWorldFixture.RepoRoot, "TestResults", "report")).FullName;
            File.Copy(html, Path.Combine(results, Path.GetFileName(html)), overwrite: true);
            var png = Path.Combine(results, $"{s_week}-1280px.png");
            HtmlReportBrowserTests.RunChromium(folder.Combine("profile-shot"), folder.Combine("netlog-shot.json"), new Uri(html).AbsoluteUri,
                $"--window-size=1280,{Math.Clamp(height, 900, 20_000)}", $"--screenshot={png}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or TimeoutException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            Console.Error.WriteLine($"report screenshot not saved: {e.Message}");
        }
    }

    private static string Text(string dom) => WebUtility.HtmlDecode(Regex.Replace(dom, "<[^>]+>", " "));

    [GeneratedRegex(@"\b\d[\d,]*\s?ms\b")]
    private static partial Regex RawMilliseconds();
}
