using Analytics.Core.Columns;
using Analytics.DuckDb.Streaming;

namespace Analytics.DuckDb.Tests.Streaming;

public sealed class DuckDbBatchSourceTests
{
    [Fact]
    public void Any_query_can_read_the_pushed_batches_and_report_its_row_count()
    {
        using var db = DuckDbDatabase.Open(config: new DuckDbConfig { Threads = 1 });
        using var connection = db.Connect();
        connection.Execute(EveryTypeRows.CreateTableSql);
        long changed;
        using (var source = new DuckDbBatchSource(db, EveryTypeRows.Schema, from => $"INSERT INTO every_type SELECT * FROM {from}"))
        {
            var batch = new ColumnBatch(EveryTypeRows.Schema);
            for (var i = 0; i < 5; i++)
            {
                batch.Clear();
                EveryTypeRows.Fill(batch, i * 2048L, 2048);
                source.Write(batch);
            }
            changed = source.Complete();
            Assert.Equal(5 * 2048, source.RowsWritten);
        }

        Assert.Equal(5 * 2048, changed);
        using var result = connection.Query("SELECT * FROM every_type ORDER BY id");
        Assert.Equal(5 * 2048, AppenderTests.CompareWithGenerated(result));
    }

    [Fact]
    public void A_query_reading_some_columns_in_another_order_or_none_gets_the_right_values()
    {
        using var db = DuckDbDatabase.Open(config: new DuckDbConfig { Threads = 1 });
        using var connection = db.Connect();
        connection.Execute("CREATE TABLE picked (label VARCHAR, id BIGINT, counted BIGINT)");
        using (var source = new DuckDbBatchSource(db, EveryTypeRows.Schema, from => $"INSERT INTO picked SELECT label, id, NULL FROM {from}"))
        {
            Write(source, 4101);
            source.Complete();
        }
        using (var source = new DuckDbBatchSource(db, EveryTypeRows.Schema, from => $"INSERT INTO picked SELECT NULL, NULL, count(*) FROM {from}"))
        {
            Write(source, 4101);
            source.Complete();
        }

        Assert.Equal(4101L, connection.ExecuteScalar("SELECT max(counted) FROM picked"));
        using var result = connection.Query("SELECT id, label FROM picked WHERE id IS NOT NULL ORDER BY id");
        long expected = 0;
        while (result.NextChunk() is { } chunk)
        {
            using (chunk)
            {
                for (var row = 0; row < chunk.RowCount; row++, expected++)
                {
                    Assert.Equal(expected, chunk.GetVector(0).GetValues<long>()[row]);
                    Assert.Equal(EveryTypeRows.IsNull(expected, 4) ? null : EveryTypeRows.Label(expected), chunk.GetVector(1).GetValue(row) as string);
                }
            }
        }
        Assert.Equal(4101, expected);
    }

    [Fact]
    public void The_computed_date_column_equals_DuckDBs_own_utc_date_of_the_timestamp()
    {
        using var db = DuckDbDatabase.Open(config: new DuckDbConfig { Threads = 1 });
        using var connection = db.Connect();
        connection.Execute("CREATE TABLE dates (at_tz TIMESTAMPTZ, day VARCHAR, expected VARCHAR)");
        var date = new UtcDateColumn("day", "at_tz", "unknown");
        using (var source = new DuckDbBatchSource(db, EveryTypeRows.Schema, from => $"""
            INSERT INTO dates SELECT at_tz, day, coalesce(strftime(make_timestamp(epoch_us(at_tz)), '%Y-%m-%d'), 'unknown') FROM {from}
            """, date))
        {
            Write(source, 100_000);
            var edges = new ColumnBatch(EveryTypeRows.Schema);
            foreach (var micros in new[] { -1L, 0L, 86_399_999_999L, 86_400_000_000L, -86_400_000_000L, 253_402_300_799_999_999L })
            {
                var row = edges.AddRow();
                edges.Int64(5).Set(row, micros);
            }
            source.Write(edges);
            source.Complete();
        }

        Assert.Equal(100_006L, connection.ExecuteScalar("SELECT count(*) FROM dates"));
        Assert.Equal(0L, connection.ExecuteScalar("SELECT count(*) FROM dates WHERE day IS DISTINCT FROM expected"));
        Assert.True((long)connection.ExecuteScalar("SELECT count(*) FROM dates WHERE day = 'unknown'")! > 5000);
        Assert.Equal("1969-12-31", connection.ExecuteScalar("SELECT day FROM dates WHERE epoch_us(at_tz) = -1"));
        Assert.Equal("9999-12-31", connection.ExecuteScalar("SELECT day FROM dates WHERE epoch_us(at_tz) = 253402300799999999"));
    }

    [Fact]
    public void A_date_column_needs_a_timestamp_column_and_a_free_name()
    {
        using var db = DuckDbDatabase.Open(config: new DuckDbConfig { Threads = 1 });

        Assert.Throws<ArgumentException>(() => new DuckDbBatchSource(db, EveryTypeRows.Schema, from => $"SELECT 1 FROM {from}", new UtcDateColumn("d", "label", "unknown")));
        Assert.Throws<ArgumentException>(() => new DuckDbBatchSource(db, EveryTypeRows.Schema, from => $"SELECT 1 FROM {from}", new UtcDateColumn("part", "at_tz", "unknown")));
        Assert.Throws<ArgumentException>(() => new DuckDbBatchSource(db, EveryTypeRows.Schema, from => $"SELECT 1 FROM {from}", new UtcDateColumn("d", "at_tz", "far too long for a slot")));
    }

    [Fact]
    public void The_function_cannot_be_read_outside_its_writers_query()
    {
        using var db = DuckDbDatabase.Open(config: new DuckDbConfig { Threads = 1 });
        string expression;
        using (var source = new DuckDbBatchSource(db, EveryTypeRows.Schema, from => $"SELECT count(*) FROM {from}"))
        {
            expression = source.TableExpression;
            source.Complete();
        }
        using var connection = db.Connect();

        var error = Assert.Throws<DuckDbException>(() => connection.Execute($"SELECT * FROM {expression}"));

        Assert.Contains("no such batch source", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Small_writes_share_queued_copies_so_the_queue_costs_what_its_rows_need()
    {
        // Each write used to take a whole batch copy for its rows: 3,000 one-row writes queued 3,000 copies (the
        // export's date-split batches and single rows cost it ~1 GB of pooled copies on the 1,000,000-execution world).
        using var db = DuckDbDatabase.Open(config: new DuckDbConfig { Threads = 1 });
        using var connection = db.Connect();
        connection.Execute(EveryTypeRows.CreateTableSql);
        var pool = new BatchPool(maxSpareBytes: long.MaxValue);
        var one = new ColumnBatch(EveryTypeRows.Schema);
        using (var source = new DuckDbBatchSource(db, EveryTypeRows.Schema, from => $"INSERT INTO every_type SELECT * FROM {from}", pool: pool))
        {
            for (var id = 0L; id < 3000; id++)
            {
                one.Clear();
                EveryTypeRows.Fill(one, id, 1);
                source.Write(one);
            }
            Assert.Equal(3000, source.Complete());
        }

        // 3,000 rows fit in two copies of the batch's capacity.
        Assert.InRange(pool.SpareBytes, 1, 2 * one.AllocatedBytes + (1 << 20));
        using var result = connection.Query("SELECT * FROM every_type ORDER BY id");
        Assert.Equal(3000, AppenderTests.CompareWithGenerated(result));
    }

    [Fact]
    public void A_pool_keeps_spare_buffers_up_to_its_bound_only()
    {
        var batch = new ColumnBatch(EveryTypeRows.Schema);
        var pool = new BatchPool(maxSpareBytes: (2 * batch.AllocatedBytes) + 1);
        for (var i = 0; i < 5; i++)
        {
            pool.Return(new ColumnBatch(EveryTypeRows.Schema));
        }

        Assert.Equal(2 * batch.AllocatedBytes, pool.SpareBytes);
        Assert.Equal(2, pool.SpareCount);
        pool.Rent(EveryTypeRows.Schema, 10);
        Assert.Equal(batch.AllocatedBytes, pool.SpareBytes);
    }

    [Fact]
    public void A_batch_the_pool_does_not_keep_gives_its_text_arenas_back()
    {
        var pool = new BatchPool(maxSpareBytes: 0);
        var batch = pool.Rent(EveryTypeRows.Schema, 100);
        EveryTypeRows.Fill(batch, 0, 100);
        var text = Enumerable.Range(0, batch.ColumnCount).Where(c => batch[c] is VarcharColumn).ToList();
        var varchars = text.Select(batch.Varchar).ToList();
        Assert.NotEmpty(varchars);
        Assert.All(varchars, v => Assert.NotEmpty(v.Data));

        pool.Return(batch);

        // Dropped by the pool, its arenas are back in the ArenaPool instead of waiting for a gen2 collection.
        Assert.Equal(1, pool.Released);
        Assert.Equal(0, pool.SpareCount);
        Assert.All(varchars, v => Assert.Empty(v.Data));
        // Still usable: a value written later rents a new arena.
        batch.Varchar(text[0]).Set(batch.AddRow(), "again");
        Assert.Equal("again", batch.Varchar(text[0]).GetString(0));
    }

    private static void Write(DuckDbBatchSource source, int rows)
    {
        var batch = new ColumnBatch(EveryTypeRows.Schema, 1000);
        for (var first = 0; first < rows; first += batch.Capacity)
        {
            batch.Clear();
            EveryTypeRows.Fill(batch, first, Math.Min(batch.Capacity, rows - first));
            source.Write(batch);
        }
    }

    [Fact]
    public void A_query_that_fails_to_bind_is_reported_to_the_producer_and_stops_its_writes()
    {
        using var db = DuckDbDatabase.Open(config: new DuckDbConfig { Threads = 1 });
        using var source = new DuckDbBatchSource(db, EveryTypeRows.Schema, from => $"SELECT no_such_column FROM {from}");

        var error = Assert.Throws<DuckDbException>(() => Write(source, DuckDbBatchSource.HandOverRows + 10));

        Assert.Contains("no_such_column", error.Message, StringComparison.Ordinal);
        Assert.Contains("no_such_column", Assert.Throws<DuckDbException>(() => source.Complete()).Message, StringComparison.Ordinal);
    }
}
