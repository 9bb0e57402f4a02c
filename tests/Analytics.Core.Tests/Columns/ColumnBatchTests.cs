using Analytics.Core.Columns;

namespace Analytics.Core.Tests.Columns;

public class ColumnBatchTests
{
    private static readonly TableSchema s_schema = new(
        "t",
        new ColumnSpec("id", ColumnType.BigInt),
        new ColumnSpec("name", ColumnType.Varchar),
        new ColumnSpec("ok", ColumnType.Boolean));

    [Fact]
    public void New_rows_are_null_until_set()
    {
        var batch = new ColumnBatch(s_schema, capacity: 4);
        var row = batch.AddRow();
        batch.Int64(0).Set(row, 7);

        Assert.False(batch[0].IsNull(row));
        Assert.True(batch[1].IsNull(row));
        Assert.True(batch[2].IsNull(row));
        Assert.Equal(7, batch.Int64(0).Get(row));
    }

    [Fact]
    public void Varchar_values_survive_arena_growth_and_clear_resets_everything()
    {
        var batch = new ColumnBatch(s_schema, capacity: 3);
        var big = new string('é', 5000);
        batch.Varchar(1).Set(batch.AddRow(), "short");
        batch.Varchar(1).Set(batch.AddRow(), big);
        batch.Varchar(1).Set(batch.AddRow(), "ünïcödé");

        Assert.True(batch.IsFull);
        Assert.Equal("short", batch.Varchar(1).GetString(0));
        Assert.Equal(big, batch.Varchar(1).GetString(1));
        Assert.Equal("ünïcödé", batch.Varchar(1).GetString(2));
        Assert.Throws<InvalidOperationException>(() => batch.AddRow());

        batch.Clear();
        Assert.Equal(0, batch.Count);
        Assert.Equal(0, batch.Varchar(1).BytesUsed);
        Assert.True(batch[1].IsNull(batch.AddRow()));
    }

    [Fact]
    public void Duplicate_column_names_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => new TableSchema(
            "t", new ColumnSpec("a", ColumnType.BigInt), new ColumnSpec("a", ColumnType.Varchar)));
    }
}
