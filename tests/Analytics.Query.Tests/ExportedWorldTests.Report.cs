using System.Globalization;
using Analytics.Emulator.Simulation.Truth;
using Analytics.Query.Report;

namespace Analytics.Query.Tests;

// The weekly report's async-invoke and open-executions sections over the exported default world, against `world truth`.
public sealed partial class ExportedWorldTests
{
    /// <summary>Every configured qualifier, and every unconfigured one invoked asynchronously in the week, with the
    /// asynchronous and synchronous invocations of exactly that qualifier in the week (truth's per-day counts).</summary>
    private static void AssertAsyncInvokeSectionEqualsTruth(WeeklyReportData report, WorldTruthReport truth)
    {
        var days = Enumerable.Range(0, 7).Select(d => report.Week.Start.AddDays(d).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).ToHashSet();
        long InWeek(SortedDictionary<string, long> byDay) => byDay.Where(d => days.Contains(d.Key)).Sum(d => d.Value);
        var expected = truth.AsyncInvokeConfigs.Values
            .Select(t => (Truth: t, Async: InWeek(t.AsyncInvocationsByDay), Sync: InWeek(t.SyncInvocationsByDay)))
            .Where(t => t.Truth.Configured || t.Async > 0)
            .Select(t => Line(t.Truth.FunctionName, t.Truth.Qualifier, t.Truth.Configured, t.Truth.Durable, t.Truth.MaximumRetryAttempts,
                t.Truth.MaximumEventAgeSeconds, t.Truth.OnFailureDestination, t.Async, t.Sync, t.Async > 0 ? string.Join(", ", t.Truth.AsyncSources) : null));
        var actual = report.AsyncInvokeConfigs.Select(c => Line(c.FunctionName, c.Qualifier, c.Configured, c.Durable, c.MaximumRetryAttempts,
            c.MaximumEventAgeSeconds, c.OnFailureDestination, c.AsyncInvocations, c.SyncInvocations, c.AsyncSources));
        AssertSameLines("async-invoke section", expected.Order(StringComparer.Ordinal), actual.Order(StringComparer.Ordinal));

        // Both kinds of asynchronous invocation are there, a qualifier only invoked synchronously says so, and no row
        // prints a bare zero: a count is printed only where the settings govern invocations.
        Assert.Contains(report.AsyncInvokeConfigs, c => c.AsyncInvocations > 0 && c.Configured && c.AsyncSources!.Contains(" / ", StringComparison.Ordinal));
        Assert.Contains(report.AsyncInvokeConfigs, c => c.AsyncInvocations > 0 && c.AsyncSources == "durable executions");
        Assert.Contains(report.AsyncInvokeConfigs, c => c.Observed == "none: synchronous invocations only — async retry settings do not apply");
        Assert.All(report.AsyncInvokeConfigs, c => Assert.True(c.AsyncInvocations > 0 ? c.Observed != "0" : c.Observed.StartsWith("none: ", StringComparison.Ordinal), c.Observed));
    }

    private static string Line(string function, string qualifier, bool configured, bool durable, int? retries, int? age, string? onFailure,
        long async, long sync, string? sources) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{function}:{qualifier} configured={configured} durable={durable} retries={retries} age={age} onFailure={onFailure} async={async} sync={sync} sources={sources}");

    /// <summary>The open executions the export knows of, per state machine / durable function: count, statuses, oldest start.</summary>
    private static void AssertOpenExecutionsSectionEqualsTruth(WeeklyReportData report, WorldTruthReport truth, string markdown)
    {
        var expected = truth.OpenExecutions.Select(o => Open(o.Value.Kind, o.Key, o.Value.Count,
            string.Join(", ", o.Value.ByStatus.Select(s => $"{s.Key} {s.Value}")), o.Value.OldestStart));
        var actual = report.OpenExecutions.Groups.Select(g => Open(g.Kind, g.Source, g.Count, g.ByStatus, g.OldestStart));
        Assert.NotEmpty(expected);
        AssertSameLines("open executions", expected.Order(StringComparer.Ordinal), actual.Order(StringComparer.Ordinal));
        Assert.NotNull(report.OpenExecutions.RunId);
        var total = truth.OpenExecutions.Values.Sum(o => o.Count);
        Assert.Equal(total, report.OpenExecutions.Count);
        Assert.Equal(total, report.OpenExecutions.Recorded);
        var line = report.Completeness.Single(c => c.Label.StartsWith("Executions still open at export time", StringComparison.Ordinal)).Value;
        Assert.StartsWith(total.ToString("N0", CultureInfo.InvariantCulture) + " at export run ", line, StringComparison.Ordinal);
        Assert.Contains("| durable function | kyc-verification |", markdown, StringComparison.Ordinal);
    }

    private static string Open(string kind, string source, long count, string byStatus, DateTimeOffset? oldest) =>
        string.Create(CultureInfo.InvariantCulture, $"{kind} {source}: {count} ({byStatus}) oldest {oldest?.ToUnixTimeMilliseconds()}");
}
