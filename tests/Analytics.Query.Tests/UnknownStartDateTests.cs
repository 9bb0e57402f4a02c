using Analytics.Datasets;

namespace Analytics.Query.Tests;

/// <summary>
/// Rows whose execution start is unknown (an imported page without <c>ExecutionStarted</c>) must not break the
/// dataset's own queries: their <c>date</c> partition is one every engine reads as a NULL DATE.
/// </summary>
public sealed class UnknownStartDateTests
{
    /// <summary>A Step Functions page that starts mid-history (no ExecutionStarted).</summary>
    internal const string PageWithoutStart = """
        {"events":[
          {"timestamp":1763716200.0,"type":"TaskStateEntered","id":5,"previousEventId":4,"stateEnteredEventDetails":{"name":"Charge"}},
          {"timestamp":1763716201.5,"type":"TaskScheduled","id":6,"previousEventId":5,"taskScheduledEventDetails":{"resourceType":"lambda","resource":"invoke","region":"us-east-1","parameters":"{}"}},
          {"timestamp":1763716202.0,"type":"TaskStarted","id":7,"previousEventId":6,"taskStartedEventDetails":{"resourceType":"lambda","resource":"invoke"}},
          {"timestamp":1763716205.0,"type":"TaskFailed","id":8,"previousEventId":7,"taskFailedEventDetails":{"resourceType":"lambda","resource":"invoke","error":"Boom","cause":"x"}},
          {"timestamp":1763716205.5,"type":"ExecutionFailed","id":9,"previousEventId":8,"executionFailedEventDetails":{"error":"Boom","cause":"x"}}
        ]}
        """;

    private const string CompletePage = """
        {"events":[
          {"timestamp":1763716100.0,"type":"ExecutionStarted","id":1,"executionStartedEventDetails":{"roleArn":"arn:aws:iam::123456789012:role/r"}},
          {"timestamp":1763716101.0,"type":"PassStateEntered","id":2,"previousEventId":1,"stateEnteredEventDetails":{"name":"P"}},
          {"timestamp":1763716102.0,"type":"PassStateExited","id":3,"previousEventId":2,"stateExitedEventDetails":{"name":"P"}},
          {"timestamp":1763716103.0,"type":"ExecutionSucceeded","id":4,"previousEventId":3,"executionSucceededEventDetails":{}}
        ]}
        """;

    [Fact]
    public void Named_queries_and_date_filters_work_over_an_import_with_a_page_without_ExecutionStarted()
    {
        using var folder = new TempFolder();
        var input = Directory.CreateDirectory(folder.Combine("in")).FullName;
        var partial = Path.Combine(input, "partial.json");
        var complete = Path.Combine(input, "complete.json");
        File.WriteAllText(partial, PageWithoutStart);
        File.WriteAllText(complete, CompletePage);
        var data = folder.Combine("data");

        var report = HistoryImporter.Import([partial, complete], data, "import-test-1");
        Assert.Empty(report.Rejected);
        // Hive's name for a NULL partition value, which Athena, Spark and Trino read as NULL too.
        Assert.True(Directory.Exists(Path.Combine(data, "events", "date=__HIVE_DEFAULT_PARTITION__")));

        using var session = QuerySession.Open(data, new QuerySessionOptions { Threads = 2 });
        var dates = session.Run("SELECT CAST(date AS VARCHAR) AS d, count(*) AS n FROM task_attempts GROUP BY d ORDER BY d NULLS LAST");
        Assert.Equal([[null, 1L]], dates.Rows.Select(r => new[] { r[0], r[1] }));
        var events = session.Run("SELECT CAST(date AS VARCHAR) AS d, count(*) AS n FROM events GROUP BY d ORDER BY d NULLS LAST");
        Assert.Equal([["2025-11-21", 4L], [null, 5L]], events.Rows.Select(r => new[] { r[0], r[1] }));
        foreach (var query in session.Queries.All())
        {
            session.RunNamed(query.Name);
        }
    }
}
