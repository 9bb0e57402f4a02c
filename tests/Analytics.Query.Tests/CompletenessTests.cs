using Analytics.DuckDb;
using Analytics.Query.Report;
using Analytics.Query.Tests.Dataset;

namespace Analytics.Query.Tests;

public sealed class CompletenessTests
{
    [Fact]
    public void Quarantined_histories_and_export_runs_come_from_the_export_runs_table_when_it_exists()
    {
        using var folder = new TempFolder();
        var world = new WorldGenerator(seed: 11) { Days = 14, OrdersPerDay = 10, EtlPerDay = 0, SagasPerDay = 0 }.Generate();
        DatasetWriter.Write(world, folder.Path);
        var night = new DateTimeOffset(2026, 11, 12, 2, 0, 0, TimeSpan.Zero);
        ExportRunRow[] runs = [new("run-a", night, night.AddMinutes(9), 70, 2, 3, night), new("run-b", night.AddDays(1), night.AddDays(1).AddMinutes(8), 70, 0, 1, night.AddDays(1))];
        using (var database = DuckDbDatabase.Open())
        using (var connection = database.Connect())
        {
            connection.Execute("SET TimeZone = 'UTC'");
            DatasetWriter.WriteTable(connection, folder.Path, "export_runs", runs, "exported_at");
        }
        using var output = new TempFolder();

        var (_, _, data) = WeeklyReport.Write(folder.Path, IsoWeek.Parse("2026-W46"), output.Path);

        Assert.Equal("4", data.Completeness.Single(c => c.Label.StartsWith("Quarantined", StringComparison.Ordinal)).Value);
        Assert.Equal("2 (2 failed items)", data.Completeness.Single(c => c.Label.StartsWith("Export runs", StringComparison.Ordinal)).Value);
        // Runs written before the open_executions snapshot existed: no figure, and no zero that would pass for one.
        Assert.Equal("not recorded by export run run-b (it predates the open_executions snapshot)",
            data.Completeness.Single(c => c.Label.StartsWith("Executions still open", StringComparison.Ordinal)).Value);
        Assert.Null(data.OpenExecutions.Recorded);
        var expired = world.Executions.Count(e => e.StartTime >= IsoWeek.Parse("2026-W46").Start && e.StartTime < IsoWeek.Parse("2026-W46").End && !e.HistoryComplete);
        Assert.Equal(expired.ToString("N0", System.Globalization.CultureInfo.InvariantCulture),
            data.Completeness.Single(c => c.Label.StartsWith("STANDARD executions without", StringComparison.Ordinal)).Value);
    }
}
