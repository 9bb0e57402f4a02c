using Analytics.Core.Columns;
using Analytics.Core.Durable;
using Analytics.Core.Json;
using Analytics.Core.Schemas;
using Analytics.Core.StepFunctions;
using Analytics.Core.Tests.Support;

namespace Analytics.Core.Tests.Schemas;

/// <summary>Every table ends with account_id and region, and every row the flatteners write carries its execution's.</summary>
public sealed class AccountRegionColumnsTests
{
    private const string UsArn = "arn:aws:states:us-east-1:111111111111:execution:order-fulfillment:run-1";
    private const string EuArn = "arn:aws:states:eu-west-1:222222222222:execution:order-fulfillment:run-1";

    [Fact]
    public void Every_declared_table_ends_with_account_id_and_region()
    {
        foreach (var table in TableSchemas.All.Concat(SnapshotSchemas.All))
        {
            Assert.Equal(["account_id", "region"], table.Columns.TakeLast(2).Select(c => c.Name));
            Assert.All(table.Columns.TakeLast(2), c => Assert.Equal(ColumnType.Varchar, c.Type));
        }
    }

    [Fact]
    public void Step_Functions_rows_carry_the_account_and_region_of_their_execution_across_batches_and_executions()
    {
        // Batches of 3 rows: the shared values are copied again in every batch, and the second execution (same state
        // machine name, other account and region) must not reuse the first one's.
        var rows = new RowCollector();
        using (var flattener = new ExecutionHistoryFlattener(ExecutionHistoryFlattener.CreateOutput(rows, capacity: 3)))
        {
            foreach (var arn in new[] { UsArn, EuArn })
            {
                flattener.BeginExecution(arn);
                flattener.AddPage(Fixtures.Bytes("synthetic", "retry-then-success-and-parallel.json"));
                flattener.EndExecution();
            }
            flattener.Flush();
        }

        foreach (var table in ExecutionHistoryFlattener.Tables)
        {
            var written = rows.Rows(table.Name);
            Assert.NotEmpty(written);
            Assert.All(written, r => Assert.Equal(
                (ArnLocation.Account(r.Text("execution_arn")), ArnLocation.Region(r.Text("execution_arn"))),
                (r.Text("account_id"), r.Text("region"))));
            Assert.Equal(["111111111111", "222222222222"], written.Select(r => r.Text("account_id")).Distinct());
        }
    }

    [Fact]
    public void Durable_rows_and_state_pages_carry_the_account_and_region_of_their_execution()
    {
        var history = FlattenDurable.History(Fixtures.Bytes("synthetic-durable", "durable-stopped.json"));
        var state = new RowCollector();
        using (var flattener = new DurableStateFlattener(DurableStateFlattener.CreateOutput(state)))
        {
            flattener.BeginExecution(FlattenDurable.Arn);
            flattener.AddPage(Fixtures.Bytes("synthetic-durable", "durable-state-page.json"));
            flattener.EndExecution();
            flattener.Flush();
        }

        var rows = DurableHistoryFlattener.Tables.SelectMany(t => history.Rows(t.Name)).Concat(state.Rows("durable_operations")).ToList();
        Assert.Equal(DurableHistoryFlattener.Tables.Count + 1,
            DurableHistoryFlattener.Tables.Count(t => history.Rows(t.Name).Count > 0) + (state.Rows("durable_operations").Count > 0 ? 1 : 0));
        Assert.All(rows, r => Assert.Equal(("123456789012", "us-east-1"), (r.Text("account_id"), r.Text("region"))));
    }

    [Theory]
    [InlineData("arn:aws:lambda:eu-west-1:222222222222:function:refund:$LATEST", "222222222222", "eu-west-1")]
    [InlineData("arn:aws-cn:states:cn-north-1:333333333333:mapRun:etl/Files:a1", "333333333333", "cn-north-1")]
    [InlineData("arn:aws:states:::lambda:invoke", null, null)]
    [InlineData("arn:aws:states:us-east-1:444444444444", null, null)]
    [InlineData("orders/run-1", null, null)]
    [InlineData(null, null, null)]
    public void An_ARN_gives_its_account_and_region_and_anything_else_none(string? arn, string? account, string? region) =>
        Assert.Equal((account, region), (ArnLocation.Account(arn), ArnLocation.Region(arn)));
}
