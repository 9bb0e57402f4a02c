using Analytics.DuckDb;

namespace Analytics.Query.Tests;

/// <summary>
/// retry_advice's edge cases in Map iterations, where one execution holds many attempts of a state with the same
/// attempt number: which attempt a retry belongs to, and the order of findings that share every ordering key.
/// </summary>
public sealed class RetryAdviceTests
{
    private const string Definition = """
        {"StartAt":"Each","States":{"Each":{"Type":"Map","ItemProcessor":{"StartAt":"Resize","States":{
          "Resize":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Next":"Publish","Retry":[{"ErrorEquals":
            ["Lambda.TooManyRequestsException","Lambda.ServiceException","Lambda.AWSLambdaException","Lambda.SdkClientException"],
            "MaxAttempts":2,"JitterStrategy":"FULL"}]},
          "Publish":{"Type":"Task","Resource":"arn:aws:states:::aws-sdk:s3:putObject","End":true}}},"End":true}}}
        """;

    [Fact]
    public void A_retry_belongs_to_the_failed_attempt_among_those_that_ended_at_the_same_instant_and_ties_in_order_go_by_error()
    {
        using var folder = new TempFolder();
        Write(folder.Path);
        using var session = QuerySession.Open(folder.Path, new QuerySessionOptions { Threads = 2 });

        for (var run = 0; run < 3; run++)
        {
            var advice = session.RunNamed("retry_advice");
            Assert.Equal(
                [
                    "Publish error_not_retried  S3.AccessDenied 4/40",
                    "Publish error_not_retried  S3.NoSuchKey 5/40",
                    // Every execution's retry follows two attempts that ended at the same instant (one throttled, one
                    // succeeded; succeeded attempts are never retried), scheduled at that instant in half of them; a
                    // third attempt ended after the retry was scheduled. All 40 retries failed: k = 0.
                    "Resize retries_rarely_succeed 1 Lambda.TooManyRequestsException 0/40",
                ],
                Enumerable.Range(0, advice.Rows.Count).Select(r =>
                    $"{advice.Text(r, "state_name")} {advice.Text(r, "finding")} {advice.Text(r, "retrier")} {advice.Text(r, "errors")} "
                    + $"{advice.Long(r, "occurrences")}/{advice.Long(r, "sample")}"));
        }
    }

    /// <summary>
    /// 40 executions of a Map over 3 items, each with Resize and Publish: item 0's Resize is throttled and item 1's
    /// succeeds at the same instant (t + 1 s), item 2's succeeds at t + 3 s; one retry (attempt 2), scheduled at t + 1 s
    /// or t + 2 s, is throttled again. Publish fails 4 times with S3.AccessDenied and 5 with S3.NoSuchKey (no Retry, no
    /// Catch); the row order of the file puts the succeeded tie first in half the executions and last in the others.
    /// </summary>
    private static void Write(string root)
    {
        using var database = DuckDbDatabase.Open(null, new DuckDbConfig { Threads = 1 });
        using var connection = database.Connect();
        connection.Execute("SET TimeZone = 'UTC'");
        var snapshots = Directory.CreateDirectory(Path.Combine(root, "state_machines", "date=2026-11-20")).FullName;
        connection.Execute("COPY (SELECT 'arn:aws:states:us-east-1:111111111111:stateMachine:thumbs' AS state_machine_arn, "
            + $"'thumbs' AS name, 'STANDARD' AS type, {DuckDbSql.Literal(Definition)} AS definition, '111111111111' AS account_id, "
            + $"'us-east-1' AS region, 'run-1' AS export_run_id) TO {DuckDbSql.Literal(Path.Combine(snapshots, "run-1.parquet"))} (FORMAT parquet)");
        var attempts = Directory.CreateDirectory(Path.Combine(root, "task_attempts", "date=2026-11-17")).FullName;
        connection.Execute($"""
            COPY (
                WITH x AS (SELECT range AS i, TIMESTAMPTZ '2026-11-17 10:00:00+00' + i * INTERVAL 1 MINUTE AS t FROM range(40)),
                a(i, t, state_name, attempt, scheduled_at, ended_at, outcome, error, map_iteration_index) AS (
                    SELECT i, t, 'Resize', 1, t, t + INTERVAL 1 SECOND, 'succeeded', NULL, 1 FROM x WHERE i % 2 = 0
                    UNION ALL SELECT i, t, 'Resize', 1, t, t + INTERVAL 1 SECOND, 'failed', 'Lambda.TooManyRequestsException', 0 FROM x
                    UNION ALL SELECT i, t, 'Resize', 1, t, t + INTERVAL 1 SECOND, 'succeeded', NULL, 1 FROM x WHERE i % 2 = 1
                    UNION ALL SELECT i, t, 'Resize', 1, t, t + INTERVAL 3 SECOND, 'succeeded', NULL, 2 FROM x
                    UNION ALL SELECT i, t, 'Resize', 2, t + INTERVAL (1 + i % 2) SECOND, t + INTERVAL 4 SECOND, 'failed',
                                     'Lambda.TooManyRequestsException', 0 FROM x
                    UNION ALL SELECT i, t, 'Publish', 1, t + INTERVAL 5 SECOND, t + INTERVAL 6 SECOND,
                                     CASE WHEN i < 9 THEN 'failed' ELSE 'succeeded' END,
                                     CASE WHEN i < 4 THEN 'S3.AccessDenied' WHEN i < 9 THEN 'S3.NoSuchKey' END, 0 FROM x)
                SELECT 'arn:aws:states:us-east-1:111111111111:execution:thumbs:e' || i AS execution_arn, state_name, attempt,
                       scheduled_at, ended_at, outcome, error, t AS execution_start_time, 'thumbs' AS state_machine_name,
                       map_iteration_index, '111111111111' AS account_id, 'us-east-1' AS region, 'run-1' AS export_run_id
                FROM a)
            TO {DuckDbSql.Literal(Path.Combine(attempts, "run-1.parquet"))} (FORMAT parquet)
            """);
    }
}
