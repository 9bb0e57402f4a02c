using Analytics.DuckDb;
using Analytics.Export;
using Analytics.Export.Manifest;

namespace Analytics.Query.Tests;

/// <summary>
/// A session is one snapshot of the dataset: the views list the files the manifest committed when it opened (read once,
/// at set-up), so every query of a session (a report's many) answers from the same rows. A file committed meanwhile
/// joins the next session; a staged, uncommitted one joins none.
/// </summary>
public sealed class SessionSnapshotTests
{
    [Fact]
    public void A_session_reads_what_was_committed_when_it_opened_and_the_next_one_reads_later_commits()
    {
        using var folder = new TempFolder();
        using (var store = DatasetStore.Open(folder.Path, ShardSpec.All))
        {
            store.Commit(Chunk(store, 1, "arn:aws:states:us-east-1:111111111111:execution:sm:one"));
        }
        using var first = QuerySession.Open(folder.Path);
        Assert.Equal(1L, Count(first));

        using (var store = DatasetStore.Open(folder.Path, ShardSpec.All))
        {
            store.Commit(Chunk(store, 2, "arn:aws:states:us-east-1:111111111111:execution:sm:two"));
            Chunk(store, 3, "arn:aws:states:us-east-1:111111111111:execution:sm:staged"); // staged, never committed
            using var second = QuerySession.Open(folder.Path);

            Assert.Equal(1L, Count(first));
            Assert.Equal(2L, Count(second));
        }
    }

    private static long Count(QuerySession session) => (long)session.Run("SELECT count(*) FROM executions").Rows[0][0]!;

    /// <summary>A chunk's record with one staged executions file of one row (account and region set).</summary>
    private static CommitRecord Chunk(DatasetStore store, int seq, string arn)
    {
        var record = new CommitRecord { RunId = "20261120T000000000Z-all-000001", Seq = seq, Shard = "all" };
        var group = DatasetStore.CommitName(record.RunId, seq);
        var staged = Path.Combine(store.ChunkStagingFolder(record.RunId, seq), "executions.parquet");
        Directory.CreateDirectory(Path.GetDirectoryName(staged)!);
        using var database = DuckDbDatabase.Open();
        using var connection = database.Connect();
        connection.Execute(
            $"COPY (SELECT {DuckDbSql.Literal(arn)} AS execution_arn, 'SUCCEEDED' AS status, TIMESTAMPTZ '2026-11-20 10:00:00+00' AS start_time, "
            + $"'111111111111' AS account_id, 'us-east-1' AS region) TO {DuckDbSql.Literal(staged)} (FORMAT parquet)");
        record.Adds.Add(ParquetFacts.Move(connection, store.Root, staged, $"executions/date=2026-11-20/{group}-0.parquet", group));
        return record;
    }
}
