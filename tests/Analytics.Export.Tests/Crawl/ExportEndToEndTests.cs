using Analytics.Export.Tests.Support;

namespace Analytics.Export.Tests.Crawl;

public sealed class ExportEndToEndTests
{
    [Fact]
    public async Task Export_of_default_world_equals_world_truth_and_later_runs_add_only_what_changed()
    {
        using var temp = new TempFolder();
        var outDir = temp.Sub("data");
        var world = TestWorlds.Default();
        var truth = WorldTruth.Of(world);
        Assert.True(truth.TopLevel.Count > 1000 && truth.Children.Count > 0 && truth.Durable.Count > 0 && truth.Running > 0);
        Assert.True(truth.TopLevel.Count(e => e.Contains(":express:", StringComparison.Ordinal)) > 1000); // fraud-score, from its log group

        await using (var server = await EmulatorHost.StartAsync(world))
        {
            var first = await Exporter.RunAsync(server.Url, outDir);
            Assert.False(first.IsPartial);
            Assert.Equal(truth.TopLevel.Count + truth.Durable.Count, first.Executions);
            Assert.Equal(truth.TopLevel.Count + truth.Children.Count + truth.Durable.Count, first.ExecutionRows);
            using (var data = new Dataset(outDir))
            {
                truth.AssertEquals(data);
                // clickstream-batch's EXPRESS Map Run children: their events from the parent's log group, their links from the listing.
                var loggedChildren = data.Count("executions", "history_source = 'logs' AND map_run_arn IS NOT NULL AND parent_execution_arn IS NOT NULL AND history_complete");
                Assert.True(loggedChildren > 100 && loggedChildren == data.Count("executions", "execution_arn LIKE '%:express:clickstream-batch/%'"), $"{loggedChildren} logged children");
                Assert.True(data.Count("task_attempts", "execution_arn LIKE '%:express:clickstream-batch/%'") > loggedChildren);
                Assert.Equal(world.StateMachines.Count, data.Count("state_machines"));
                Assert.Equal(1, data.Count("export_runs"));
                // The run's summary counts what each table really got (issue 15 item 15).
                foreach (var table in SmallWorldFixture.ComparedTables.Append("export_runs").Append("open_executions"))
                {
                    Assert.True(first.RowsByTable.GetValueOrDefault(table) == data.Count(table),
                        $"{table}: summary {first.RowsByTable.GetValueOrDefault(table)}, dataset {data.Count(table)}");
                }
            }
            // Calls per exported execution stay near one (one history page each, plus listings and Map Runs).
            var sfnCalls = first.CallsByApi.Where(kv => kv.Key is "GetExecutionHistory" or "ListExecutions" or "DescribeExecution").Sum(kv => kv.Value);
            Assert.True(sfnCalls <= 1.05 * (truth.TopLevel.Count + truth.Children.Count) + 50, $"{sfnCalls} calls");

            // iam-policy grants exactly what the exporter called, nothing else.
            var granted = IamPolicy.StepFunctionsActions.Concat(IamPolicy.LambdaActions).Concat(IamPolicy.LogsActions).Select(a => a[(a.IndexOf(':', StringComparison.Ordinal) + 1)..]).ToHashSet();
            Assert.All(first.CallsByApi.Keys, api => Assert.Contains(api, granted));

            var second = await Exporter.RunAsync(server.Url, outDir);
            Assert.Equal(0, second.Executions);
            using var unchanged = new Dataset(outDir);
            truth.AssertEquals(unchanged);
        }

        // Six hours later: new executions, closed RUNNING ones and redrives appear.
        var later = TestWorlds.Default(TestWorlds.DefaultNow.AddHours(6));
        var laterTruth = WorldTruth.Of(later);
        var changed = laterTruth.TopLevelRedrives.Count(kv => !truth.TopLevelRedrives.TryGetValue(kv.Key, out var before) || before < kv.Value)
            + laterTruth.Durable.Except(truth.Durable).Count()
            + laterTruth.TopLevel.Count(e => e.Contains(":express:", StringComparison.Ordinal) && !truth.TopLevel.Contains(e));
        Assert.True(changed > 0);
        await using (var server = await EmulatorHost.StartAsync(later))
        {
            var third = await Exporter.RunAsync(server.Url, outDir);
            Assert.False(third.IsPartial);
            Assert.Equal(changed, third.Executions);
            using var data = new Dataset(outDir);
            laterTruth.AssertEquals(data);
        }
    }
}
