using System.Diagnostics;
using Analytics.Query.Report;
using Analytics.Query.Tests.Dataset;

namespace Analytics.Query.Tests;

/// <summary>A fact that runs only where Debian's chromium is installed (`make chromium`), and says so when skipped.</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public const string Chromium = "/usr/bin/chromium";

    public ChromiumFactAttribute()
    {
        if (!File.Exists(Chromium))
        {
            Skip = $"{Chromium} is not installed: run `make chromium` (apt-get install chromium) to test the HTML report in a headless browser.";
        }
    }
}

public sealed partial class HtmlReportBrowserTests(DatasetFixture dataset) : IClassFixture<DatasetFixture>
{
    [ChromiumFact]
    public void The_html_report_renders_in_headless_chromium_without_network_requests_or_script_errors()
    {
        using var output = new TempFolder();
        var (_, html, _) = WeeklyReport.Write(dataset.Root, IsoWeek.Parse("2026-W47"), output.Path);

        var page = Open(output, html);

        Assert.Contains("Weekly reliability report 2026-W47", page.Dom, StringComparison.Ordinal);
        Assert.Contains("<svg", page.Dom, StringComparison.Ordinal);
        Assert.Empty(page.ConsoleMessages);
        Assert.Equal(0, page.PageRequests);
    }

    /// <summary>The detector itself: a page that fetches an image and throws is caught on both counts.</summary>
    [ChromiumFact]
    public void The_browser_check_detects_a_page_that_makes_requests_and_throws()
    {
        using var output = new TempFolder();
        var bad = output.Combine("bad.html");
        File.WriteAllText(bad, "<!DOCTYPE html><html><body><img src=\"http://example.invalid/x.png\"><script>undefinedFn();</script></body></html>");

        var page = Open(output, bad);

        Assert.Contains(page.ConsoleMessages, m => m.Contains("Uncaught ReferenceError", StringComparison.Ordinal));
        Assert.True(page.PageRequests > 0);
    }

    private sealed record PageLoad(string Dom, IReadOnlyList<string> ConsoleMessages, int PageRequests);

    /// <summary>Loads a file in headless chromium. Console messages (script errors, CSP violations) come from the
    /// verbose log; the page's own requests are the net log entries whose initiator is the file's (opaque, "null")
    /// origin, as opposed to the browser's background requests ("not an origin").</summary>
    private static PageLoad Open(TempFolder folder, string file)
    {
        var netLog = folder.Combine("netlog-" + Path.GetFileNameWithoutExtension(file) + ".json");
        var (dom, log) = RunChromium(folder.Combine("profile-" + Path.GetFileNameWithoutExtension(file)), netLog, new Uri(file).AbsoluteUri, "--dump-dom");
        var console = log.Split('\n').Where(l => l.Contains(":CONSOLE", StringComparison.Ordinal)).ToList();
        var requests = File.ReadAllText(netLog);
        var pageRequests = CountOf(requests, "\"initiator\":\"null\"") + CountOf(requests, "\"initiator\":\"file:");
        return new PageLoad(dom, console, pageRequests);
    }

    private static int CountOf(string text, string value)
    {
        var count = 0;
        for (var at = text.IndexOf(value, StringComparison.Ordinal); at >= 0; at = text.IndexOf(value, at + value.Length, StringComparison.Ordinal))
        {
            count++;
        }
        return count;
    }

    internal static (string Dom, string Log) RunChromium(string profile, string netLog, string url, params string[] extra)
    {
        var start = new ProcessStartInfo(ChromiumFactAttribute.Chromium)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        string[] arguments =
        [
            // --disable-dev-shm-usage: containers' /dev/shm is tiny; --hide-scrollbars: innerWidth is the full 1280 px.
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars", "--window-size=1280,900",
            "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--disable-default-apps", "--disable-extensions", $"--user-data-dir={profile}",
            "--enable-logging=stderr", "--v=1", $"--log-net-log={netLog}", .. extra, url,
        ];
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var dom = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(60_000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("chromium did not finish within 60 s");
        }
        return (dom, stderr.Result);
    }
}
