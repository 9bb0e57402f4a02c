using Analytics.Emulator.Simulation.Truth;
using Analytics.Emulator.World;

namespace Analytics.Emulator.Tests.Simulation;

/// <summary>World truth's async-invoke and open-execution figures: qualifier resolution and consistency with the rest of the truth.</summary>
public sealed class AsyncInvokeTruthTests
{
    private static readonly Lazy<WorldTruthReport> s_default = new(() =>
        WorldTruth.Compute(WorldLoader.Load(TestPaths.DefaultWorld, seed: 42), CancellationToken.None));

    [Theory]
    [InlineData("validate-order", "validate-order", null)]
    [InlineData("validate-order:live", "validate-order", "live")]
    [InlineData("arn:aws:lambda:us-east-1:123456789012:function:request-review", "request-review", null)]
    [InlineData("arn:aws:lambda:us-east-1:123456789012:function:request-review:$LATEST", "request-review", "$LATEST")]
    [InlineData("123456789012:function:resize-image:3", "resize-image", "3")]
    public void Function_names_split_into_name_and_qualifier_in_every_form_lambda_accepts(string text, string name, string? qualifier)
    {
        Assert.Equal((name, qualifier), AsyncInvokeTruthBuilder.SplitFunction(text));
    }

    [Fact]
    public void Asynchronous_invocations_are_counted_on_exactly_the_qualifier_invoked()
    {
        var truth = s_default.Value;
        var followUp = truth.Executions["post-purchase-followup"].TaskInvocationsByDay;

        // InvocationType Event on the alias ARN: only request-review:live, none synchronous.
        var review = truth.AsyncInvokeConfigs["request-review:live"];
        Assert.True(review.Configured);
        Assert.Equal(followUp["QueueReviewRequest"], review.AsyncInvocationsByDay);
        Assert.Empty(review.SyncInvocationsByDay);
        Assert.Equal(["post-purchase-followup / QueueReviewRequest"], review.AsyncSources);

        // An unqualified name invokes $LATEST: create-shipment's settings govern NotifyWarehouse, not CreateShipment's synchronous calls.
        var shipment = truth.AsyncInvokeConfigs["create-shipment:$LATEST"];
        Assert.Equal(followUp["NotifyWarehouse"], shipment.AsyncInvocationsByDay);
        Assert.Equal(truth.Executions["order-fulfillment"].TaskInvocationsByDay["CreateShipment"], shipment.SyncInvocationsByDay);

        // Synchronous only: validate-order's $LATEST; its alias is never invoked.
        Assert.Empty(truth.AsyncInvokeConfigs["validate-order:$LATEST"].AsyncInvocationsByDay);
        Assert.NotEmpty(truth.AsyncInvokeConfigs["validate-order:$LATEST"].SyncInvocationsByDay);
        Assert.Empty(truth.AsyncInvokeConfigs["validate-order:live"].SyncInvocationsByDay);

        // Durable executions run version 4: the $LATEST settings govern none of them; version 4 has no settings of its own.
        Assert.Empty(truth.AsyncInvokeConfigs["subscription-renewal:$LATEST"].AsyncInvocationsByDay);
        var renewal = truth.AsyncInvokeConfigs["subscription-renewal:4"];
        Assert.False(renewal.Configured);
        Assert.True(renewal.Durable);
        Assert.Equal(truth.DurableFunctions["subscription-renewal"].Closed, renewal.AsyncInvocationsByDay.Values.Sum());

        // A qualifier nobody invokes asynchronously and without settings is left out (charge-payment:live is called synchronously).
        Assert.DoesNotContain("charge-payment:live", truth.AsyncInvokeConfigs.Keys);
    }

    [Fact]
    public void Open_executions_are_the_open_statuses_of_the_execution_truth()
    {
        var truth = s_default.Value;

        Assert.NotEmpty(truth.OpenExecutions);
        foreach (var (key, open) in truth.OpenExecutions)
        {
            Assert.Equal(open.Count, open.ByStatus.Values.Sum());
            Assert.NotNull(open.OldestStart);
            if (open.Kind == "durable")
            {
                Assert.Equal(truth.DurableFunctions[key].Total - truth.DurableFunctions[key].Closed, open.Count);
            }
            else if (!key.Contains('/', StringComparison.Ordinal))
            {
                Assert.Equal(truth.Executions[key].Total - truth.Executions[key].Closed, open.Count);
            }
        }
        foreach (var (key, e) in truth.Executions.Where(e => e.Value.Kind == "top" && e.Value.Total > e.Value.Closed))
        {
            Assert.Equal("stepfunctions", truth.OpenExecutions[key].Kind);
        }
    }
}
