using System.Globalization;
using Analytics.Export;
using Analytics.Export.Crawl;
using Spectre.Console;

namespace Analytics.Cli.Commands;

// The live progress display: on a terminal (stdout not redirected, not CI) a Spectre.Console Progress with one line
// per phase (done/total, rate, throttles); elsewhere the job's plain "progress:" log lines. The display only reads the
// job's atomic counters twice a second, so it never holds up the crawl.
internal static partial class ExportCommand
{
    private static readonly TimeSpan RefreshEvery = TimeSpan.FromMilliseconds(500);

    internal static bool IsInteractive =>
        !Console.IsOutputRedirected && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI")) && AnsiConsole.Profile.Capabilities.Interactive;

    private static Task<ExportResult> RunWithProgressAsync(ExportJob job, CancellationToken ct) =>
        AnsiConsole.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async context =>
            {
                var listing = context.AddTask("list", maxValue: 1);
                listing.IsIndeterminate = true;
                var fetching = context.AddTask("fetch", maxValue: 1);
                var committing = context.AddTask("commit", maxValue: 1);
                var rates = new PhaseRates();
                var run = job.RunAsync(ct);
                while (!run.IsCompleted)
                {
                    await Task.WhenAny(run, Task.Delay(RefreshEvery, CancellationToken.None)).ConfigureAwait(false);
                    Show(job.Progress(), rates, listing, fetching, committing, done: false);
                }
                Show(job.Progress(), rates, listing, fetching, committing, done: true);
                return await run.ConfigureAwait(false);
            });

    private static void Show(ExportProgress p, PhaseRates rates, ProgressTask listing, ProgressTask fetching, ProgressTask committing, bool done)
    {
        var (listRate, fetchRate, commitRate) = rates.Update(p);
        var total = Math.Max(1, p.Listed);
        listing.Description = Line($"list    {p.Listed} to fetch, {listRate:F0}/s, {p.ListingCalls} calls, {p.ListingThrottled} throttled");
        fetching.Description = Line($"fetch   {p.Fetched}/{p.Listed}, {fetchRate:F1}/s, {p.FetchCalls} calls, {p.FetchThrottled} throttled");
        committing.Description = Line($"commit  {p.Committed}/{p.Listed}, {commitRate:F1}/s");
        fetching.MaxValue = committing.MaxValue = total;
        fetching.Value = p.Fetched;
        committing.Value = p.Committed;
        if (done)
        {
            listing.IsIndeterminate = false;
            listing.Value = listing.MaxValue;
            fetching.Value = fetching.MaxValue;
            committing.Value = committing.MaxValue;
        }
    }

    private static string Line(FormattableString text) => Markup.Escape(text.ToString(CultureInfo.InvariantCulture));

    /// <summary>Per-phase rates smoothed over the last few seconds (exponential average of each refresh's delta).</summary>
    private sealed class PhaseRates
    {
        private const double Smoothing = 0.2;
        private ExportProgress _last;
        private long _lastTimestamp = System.Diagnostics.Stopwatch.GetTimestamp();
        private double _list;
        private double _fetch;
        private double _commit;

        public (double List, double Fetch, double Commit) Update(ExportProgress now)
        {
            var seconds = System.Diagnostics.Stopwatch.GetElapsedTime(_lastTimestamp).TotalSeconds;
            if (seconds > 0.05)
            {
                _list = Smooth(_list, (now.Listed - _last.Listed) / seconds);
                _fetch = Smooth(_fetch, (now.Fetched - _last.Fetched) / seconds);
                _commit = Smooth(_commit, (now.Committed - _last.Committed) / seconds);
                _last = now;
                _lastTimestamp = System.Diagnostics.Stopwatch.GetTimestamp();
            }
            return (_list, _fetch, _commit);
        }

        private static double Smooth(double average, double sample) => average + (Smoothing * (sample - average));
    }
}
