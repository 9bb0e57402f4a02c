using System.Reflection;
using Analytics.Core.Columns;
using Analytics.Core.Schemas;

namespace Analytics.Core.Tests.Schemas;

public class TableSchemasTests
{
    public static TheoryData<string, Type> Tables => new()
    {
        { "executions", typeof(ExecutionColumns) },
        { "events", typeof(EventColumns) },
        { "state_visits", typeof(StateVisitColumns) },
        { "task_attempts", typeof(TaskAttemptColumns) },
        { "durable_executions", typeof(DurableExecutionColumns) },
        { "durable_events", typeof(DurableEventColumns) },
        { "durable_operations", typeof(DurableOperationColumns) },
        { "map_runs", typeof(MapRunColumns) },
        { "state_machines", typeof(StateMachineColumns) },
        { "functions", typeof(FunctionColumns) },
        { "export_runs", typeof(ExportRunColumns) },
        { "open_executions", typeof(OpenExecutionColumns) },
        { "export_units", typeof(ExportUnitColumns) },
    };

    [Theory]
    [MemberData(nameof(Tables))]
    public void Every_column_index_points_at_the_declared_column_of_its_name(string table, Type indexes)
    {
        var schema = TableSchemas.All.Concat(SnapshotSchemas.All).Single(s => s.Name == table);
        var fields = indexes.GetFields(BindingFlags.Public | BindingFlags.Static).ToList();

        Assert.NotEmpty(fields);
        foreach (var field in fields)
        {
            var snake = string.Concat(field.Name.Select((c, i) => i > 0 && char.IsUpper(c) ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
            Assert.Equal(schema.IndexOf(snake), (int)field.GetValue(null)!);
        }
    }

    [Fact]
    public void A_column_index_is_derived_from_the_declaration_so_a_new_column_moves_the_ones_after_it()
    {
        var widened = new TableSchema("t", new ColumnSpec("execution_arn", ColumnType.Varchar), new ColumnSpec("added", ColumnType.BigInt),
            new ColumnSpec("state_machine_arn", ColumnType.Varchar));

        Assert.Equal(2, ColumnIndex.Of(widened, nameof(ExecutionColumns.StateMachineArn)));
        Assert.Equal("definition_sha256", ColumnIndex.SnakeCase("DefinitionSha256"));
        var missing = Assert.Throws<InvalidOperationException>(() => ColumnIndex.Of(widened, "RoleArn"));
        Assert.Equal("Table 't' declares no column 'role_arn' (index field RoleArn).", missing.Message);
    }

    [Fact]
    public void The_spec_columns_are_present_with_their_types()
    {
        string[] events = ["execution_arn", "event_id", "previous_event_id", "timestamp", "type", "state_name", "state_type", "resource_type", "resource", "error", "cause", "timeout_seconds", "heartbeat_seconds", "map_iteration_index", "map_length", "map_run_arn", "worker_name", "input_bytes", "output_bytes", "truncated", "input", "output", "details_json"];
        string[] visits = ["execution_arn", "state_machine_name", "state_name", "state_type", "entered_event_id", "exited_event_id", "entered_at", "exited_at", "duration_ms", "outcome", "attempts", "final_error", "resource", "map_iteration_index", "parallel_branch"];
        string[] attempts = ["execution_arn", "state_name", "attempt", "resource_type", "resource", "scheduled_at", "started_at", "ended_at", "queue_ms", "run_ms", "outcome", "error"];
        Assert.All(events, c => Assert.True(TableSchemas.Events.IndexOf(c) >= 0, c));
        Assert.All(visits, c => Assert.True(TableSchemas.StateVisits.IndexOf(c) >= 0, c));
        Assert.All(attempts, c => Assert.True(TableSchemas.TaskAttempts.IndexOf(c) >= 0, c));
        Assert.All(TableSchemas.All.SelectMany(t => t.Columns).Where(c => c.Name.EndsWith("_at", StringComparison.Ordinal) || c.Name.EndsWith("_time", StringComparison.Ordinal) || c.Name == "timestamp"),
            c => Assert.Equal(ColumnType.TimestampTz, c.Type));
        Assert.All(TableSchemas.All.SelectMany(t => t.Columns).Where(c => c.Name.EndsWith("_ms", StringComparison.Ordinal)), c => Assert.Equal(ColumnType.BigInt, c.Type));
    }
}
