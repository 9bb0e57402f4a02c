using Analytics.Core.Flattening;
using Analytics.Core.StepFunctions;
using Analytics.Core.Tests.Support;

namespace Analytics.Core.Tests.StepFunctions;

/// <summary>
/// state_visits and task_attempts rows checked by hand against the raw events of named fixtures. A visit is shown as
/// (state, type, entered id, exited id, outcome, attempts, final error, iteration, branch); an attempt as
/// (state, attempt, resource type, outcome, error, scheduled id, iteration, branch). Rows come in the order visits and
/// attempts close.
/// </summary>
public class HandCheckedDerivationTests
{
    [Fact]
    public void Retry_then_success_and_a_parallel_running_one_state_name_in_two_branches_pair_by_parent_chain()
    {
        // Fixtures/synthetic/retry-then-success-and-parallel.json (synthetic: the corpus has no retry that succeeds).
        var rows = Flatten.History(Fixtures.Bytes("synthetic", "retry-then-success-and-parallel.json"));

        Assert.Equal(
        [
            ("ChargeCard", "Task", 2L, 9L, "succeeded", 2, null, null, null),
            ("Send", "Task", 12L, 20L, "succeeded", 1, null, null, 0),
            ("Send", "Task", 13L, 24L, "succeeded", 2, null, null, 1),
            ("Notify", "Parallel", 10L, 26L, "succeeded", 1, null, null, null),
        ], Visits(rows));
        Assert.Equal(
        [
            ("ChargeCard", 1, "lambda", "failed", "Lambda.ServiceException", 3L, null, null),
            ("ChargeCard", 2, "lambda", "succeeded", null, 6L, null, null),
            ("Send", 1, "lambda", "succeeded", null, 14L, null, 0),
            ("Send", 1, "lambda", "timed_out", "States.Timeout", 15L, null, 1),
            ("Send", 2, "lambda", "succeeded", null, 21L, null, 1),
        ], Attempts(rows));
        var charge = rows.Rows("task_attempts")[0];
        Assert.Equal((9L, 1000L), (charge.Long("queue_ms"), charge.Long("run_ms")));
        Assert.Equal(3541L, rows.Rows("state_visits")[0].Long("duration_ms"));
    }

    [Fact]
    public void Task_retried_then_caught_is_one_caught_visit_with_two_failed_attempts()
    {
        var rows = LocalStack("states_variables.test_error_output__TestStateVariablesTemplate__test_task_catch_error_with_retry_TASK_CATCH_ERROR_OUTPUT_WITH_RETRY___get_execution_history.json");

        Assert.Equal(
        [
            ("Task", "Task", 2L, 9L, "caught", 2, "Exception", null, null),
            ("Fallback", "Pass", 10L, 11L, "succeeded", 1, null, null, null),
        ], Visits(rows));
        Assert.Equal(
        [
            ("Task", 1, "lambda", "failed", "Exception", 3L, null, null),
            ("Task", 2, "lambda", "failed", "Exception", 6L, null, null),
        ], Attempts(rows));
    }

    [Fact]
    public void Lambda_timeout_fails_the_visit_and_the_execution()
    {
        var rows = LocalStack("timeouts.test_timeouts__TestTimeouts__test_fixed_timeout_lambda__get_execution_history.json");

        Assert.Equal([("Start", "Task", 2L, null, "timed_out", 1, "States.Timeout", null, null)], Visits(rows));
        Assert.Equal([("Start", 1, "lambda", "timed_out", "States.Timeout", 3L, null, null)], Attempts(rows));
        var execution = rows.Rows("executions").Single();
        Assert.Equal(("FAILED", "States.Timeout"), (execution.Text("status"), execution.Text("error")));
    }

    [Fact]
    public void Inline_map_with_concurrent_iterations_pairs_each_task_with_its_own_iteration()
    {
        // Four iterations run the same Task concurrently; their events interleave and the TaskTimedOut events come
        // back in a different order (21 → iteration 2, 22 → iteration 1), so only the parent chain pairs them.
        var rows = LocalStack("timeouts.test_timeouts__TestTimeouts__test_service_lambda_map_timeout__get_execution_history.json");

        Assert.Equal(
        [
            ("LambdaInvoke", "Task", 8L, 25L, "timed_out", 1, "States.Timeout", 0, null),
            ("LambdaInvoke", "Task", 10L, 27L, "timed_out", 1, "States.Timeout", 1, null),
            ("LambdaInvoke", "Task", 12L, 29L, "timed_out", 1, "States.Timeout", 2, null),
            ("LambdaInvoke", "Task", 14L, 31L, "timed_out", 1, "States.Timeout", 3, null),
            ("MapWait", "Map", 2L, null, "failed", 1, "States.Timeout", null, null),
        ], Visits(rows));
        Assert.Equal(
        [
            ("LambdaInvoke", 1, "lambda", "timed_out", "States.Timeout", 9L, 0, null),
            ("LambdaInvoke", 1, "lambda", "timed_out", "States.Timeout", 13L, 2, null),
            ("LambdaInvoke", 1, "lambda", "timed_out", "States.Timeout", 11L, 1, null),
            ("LambdaInvoke", 1, "lambda", "timed_out", "States.Timeout", 15L, 3, null),
        ], Attempts(rows));
        var timedOut = rows.Rows("events").Where(e => e.Text("type") == "TaskTimedOut").Select(e => (e.Long("event_id"), e.Long("map_iteration_index")));
        Assert.Equal([(20L, 0L), (21L, 2L), (22L, 1L), (23L, 3L)], timedOut);
    }

    [Fact]
    public void Inline_map_iterations_each_get_a_visit_with_their_index()
    {
        var rows = LocalStack("scenarios.test_base_scenarios__TestBaseScenarios__test_map_state__get_execution_history.json");

        var expected = new List<(string, string, long, long?, string, int, string?, int?, int?)> { ("StartState", "Pass", 2L, 3L, "succeeded", 1, null, null, null) };
        for (var i = 0; i < 8; i++)
        {
            expected.Add(("HandleItem", "Pass", 7L + (4 * i), 8L + (4 * i), "succeeded", 1, null, i, null));
        }
        expected.Add(("MapState", "Map", 4L, 39L, "succeeded", 1, null, null, null));
        expected.Add(("Final", "Pass", 40L, 41L, "succeeded", 1, null, null, null));
        Assert.Equal(expected, Visits(rows));
        Assert.All(rows.Rows("state_visits").Where(v => v.Text("state_name") == "HandleItem"), v => Assert.Equal("MapState", v.Text("parent_state_name")));
    }

    [Fact]
    public void Distributed_map_entered_three_times_gives_three_map_visits_with_their_map_run()
    {
        var rows = LocalStack("scenarios.test_base_scenarios__TestBaseScenarios__test_map_state_config_distributed_reentrant__get_execution_history.json");

        Assert.Equal(
        [
            ("StartState", "Pass", 2L, 3L, "succeeded", 1, null, null, null),
            ("BeforeIteration", "Pass", 4L, 5L, "succeeded", 1, null, null, null),
            ("IterationBody", "Map", 6L, 11L, "succeeded", 1, null, null, null),
            ("CheckIteration", "Choice", 12L, 13L, "succeeded", 1, null, null, null),
            ("BeforeIteration", "Pass", 14L, 15L, "succeeded", 1, null, null, null),
            ("IterationBody", "Map", 16L, 21L, "succeeded", 1, null, null, null),
            ("CheckIteration", "Choice", 22L, 23L, "succeeded", 1, null, null, null),
            ("BeforeIteration", "Pass", 24L, 25L, "succeeded", 1, null, null, null),
            ("IterationBody", "Map", 26L, 31L, "succeeded", 1, null, null, null),
            ("CheckIteration", "Choice", 32L, 33L, "succeeded", 1, null, null, null),
            ("Terminate", "Succeed", 34L, 35L, "succeeded", 1, null, null, null),
        ], Visits(rows));
        Assert.All(rows.Rows("state_visits").Where(v => v.Text("state_type") == "Map"), v => Assert.Equal("map_run_arn", v.Text("map_run_arn")));
        Assert.Empty(rows.Rows("task_attempts"));
    }

    [Fact]
    public void Parallel_branch_failure_is_caught_by_the_parallel_state()
    {
        var rows = LocalStack("callback.test_callback__TestCallback__test_sqs_failure_in_wait_for_task_tok_no_error_field_SQS_PARALLEL_WAIT_FOR_TASK_TOKEN___get_execution_history.json");

        Assert.Equal(
        [
            ("SendMessageWithWait", "Task", 4L, 9L, "failed", 1, null, null, 0),
            ("ParallelJob", "Parallel", 2L, 11L, "caught", 1, null, null, null),
            ("CaughtStatesALL", "Pass", 12L, 13L, "succeeded", 1, null, null, null),
        ], Visits(rows));
        Assert.Equal([("SendMessageWithWait", 1, "sqs", "failed", null, 5L, null, 0)], Attempts(rows));
    }

    [Fact]
    public void Parallel_retried_twice_counts_three_attempts_of_the_parallel_state()
    {
        var rows = LocalStack("scenarios.test_base_scenarios__TestBaseScenarios__test_parallel_state_retry__get_execution_history.json");

        Assert.Equal(
        [
            ("Branch1", "Fail", 4L, null, "failed", 1, null, null, 0),
            ("Branch1", "Fail", 6L, null, "failed", 1, null, null, 0),
            ("Branch1", "Fail", 8L, null, "failed", 1, null, null, 0),
            ("ParallelState", "Parallel", 2L, null, "failed", 3, null, null, null),
        ], Visits(rows));
    }

    [Fact]
    public void Activity_failure_without_redrive_fails_the_visit_and_the_execution()
    {
        var rows = LocalStack("activities.test_activities__TestActivities__test_activity_task_failure__get_execution_history.json");

        Assert.Equal([("ActivityTask", "Task", 2L, null, "failed", 1, "Programmatic Error", null, null)], Visits(rows));
        Assert.Equal([("ActivityTask", 1, "activity", "failed", "Programmatic Error", 3L, null, null)], Attempts(rows));
        var execution = rows.Rows("executions").Single();
        Assert.Equal(("FAILED", "Programmatic Error", 0), (execution.Text("status"), execution.Text("error"), (int)execution["redrive_count"]!));
    }

    [Fact]
    public void Redriven_execution_continues_the_failed_visit_and_counts_the_redrive()
    {
        // Fixtures/synthetic/execution-redriven.json (synthetic).
        var rows = Flatten.History(Fixtures.Bytes("synthetic", "execution-redriven.json"));

        Assert.Equal([("ChargeCard", "Task", 2L, 11L, "succeeded", 2, null, null, null)], Visits(rows));
        Assert.Equal(
        [
            ("ChargeCard", 1, "lambda", "failed", "PaymentDeclined", 3L, null, null),
            ("ChargeCard", 2, "lambda", "succeeded", null, 8L, null, null),
        ], Attempts(rows));
        var execution = rows.Rows("executions").Single();
        Assert.Equal(("SUCCEEDED", 1, null), (execution.Text("status"), (int)execution["redrive_count"]!, execution.Text("error")));
    }

    [Fact]
    public void Execution_timeout_times_out_the_open_wait_state()
    {
        // Fixtures/synthetic/execution-timed-out.json (synthetic).
        var rows = Flatten.History(Fixtures.Bytes("synthetic", "execution-timed-out.json"));

        Assert.Equal([("WaitForApproval", "Wait", 2L, null, "timed_out", 1, "States.Timeout", null, null)], Visits(rows));
        var execution = rows.Rows("executions").Single();
        Assert.Equal(("TIMED_OUT", "States.Timeout", 300000L), (execution.Text("status"), execution.Text("error"), execution.Long("duration_ms")));
    }

    [Fact]
    public void Execution_timeout_names_the_running_attempt_States_Timeout()
    {
        // Synthetic: a Task attempt still running when the execution's TimeoutSeconds elapses. AWS names that error
        // States.Timeout; the attempt and its visit carry it so top_errors counts it under that name.
        var rows = Flatten.History("""
            {"events":[
              {"timestamp":1763712000.0,"type":"ExecutionStarted","id":1,"previousEventId":0,"executionStartedEventDetails":{"roleArn":"arn:aws:iam::123456789012:role/R"}},
              {"timestamp":1763712000.1,"type":"TaskStateEntered","id":2,"previousEventId":1,"stateEnteredEventDetails":{"name":"Charge"}},
              {"timestamp":1763712000.2,"type":"TaskScheduled","id":3,"previousEventId":2,"taskScheduledEventDetails":{"resourceType":"lambda","resource":"invoke","region":"us-east-1","parameters":"{}"}},
              {"timestamp":1763712000.3,"type":"TaskStarted","id":4,"previousEventId":3,"taskStartedEventDetails":{"resourceType":"lambda","resource":"invoke"}},
              {"timestamp":1763712060.0,"type":"ExecutionTimedOut","id":5,"previousEventId":4,"executionTimedOutEventDetails":{"error":"States.Timeout"}}
            ]}
            """u8.ToArray());

        Assert.Equal([("Charge", 1, "lambda", "timed_out", "States.Timeout", 3L, null, null)], Attempts(rows));
        Assert.Equal([("Charge", "Task", 2L, null, "timed_out", 1, "States.Timeout", null, null)], Visits(rows));
    }

    [Fact]
    public void Map_run_redriven_then_aborted_aborts_the_map_visit()
    {
        // Fixtures/synthetic/map-run-redriven-then-aborted.json (synthetic).
        var rows = Flatten.History(Fixtures.Bytes("synthetic", "map-run-redriven-then-aborted.json"));

        Assert.Equal([("ProcessItems", "Map", 2L, 11L, "aborted", 1, null, null, null)], Visits(rows));
        Assert.Equal("arn:aws:states:us-east-1:123456789012:mapRun:Orders/ProcessItems:1b2c3d4e", rows.Rows("state_visits")[0].Text("map_run_arn"));
        var execution = rows.Rows("executions").Single();
        Assert.Equal(("ABORTED", 1), (execution.Text("status"), (int)execution["redrive_count"]!));
    }

    [Fact]
    public void Start_failures_and_aborts_close_visits_and_attempts_with_their_own_outcomes()
    {
        // Fixtures/synthetic/aborted-and-start-failed.json (synthetic).
        var rows = Flatten.History(Fixtures.Bytes("synthetic", "aborted-and-start-failed.json"));

        Assert.Equal(
        [
            ("Cooldown", "Wait", 5L, 8L, "aborted", 1, null, null, 1),
            ("Ship", "Task", 4L, null, "failed", 1, "Lambda.AWSLambdaException", null, 0),
            ("FanOut", "Parallel", 2L, 10L, "caught", 1, "Lambda.AWSLambdaException", null, null),
            ("Refund", "Task", 13L, 17L, "aborted", 1, null, null, 0),
            ("Compensate", "Parallel", 11L, 18L, "aborted", 1, null, null, null),
        ], Visits(rows));
        Assert.Equal(
        [
            ("Ship", 1, "lambda", "start_failed", "Lambda.AWSLambdaException", 6L, null, 0),
            ("Refund", 1, "lambda", "aborted", null, 14L, null, 0),
        ], Attempts(rows));
    }

    [Fact]
    public void Schedule_start_and_submit_failures_are_attempts_of_their_visit()
    {
        // Fixtures/synthetic/schedule-and-submit-failures.json (synthetic).
        var rows = Flatten.History(Fixtures.Bytes("synthetic", "schedule-and-submit-failures.json"));

        Assert.Equal(
        [
            ("LegacyLambda", "Task", 2L, 6L, "caught", 2, "Lambda.TooManyRequestsException", null, null),
            ("Approve", "Task", 7L, 12L, "succeeded", 2, null, null, null),
            ("PublishFailed", "Fail", 17L, null, "failed", 1, null, null, null),
            ("Publish", "Task", 13L, null, "failed", 1, "SNS.AuthorizationErrorException", null, null),
        ], Visits(rows));
        Assert.Equal(
        [
            ("LegacyLambda", 1, "lambda", "schedule_failed", "Lambda.ResourceNotFoundException", 3L, null, null),
            ("LegacyLambda", 2, "lambda", "start_failed", "Lambda.TooManyRequestsException", 4L, null, null),
            ("Approve", 1, "activity", "schedule_failed", "States.ActivityDoesNotExist", 8L, null, null),
            ("Approve", 2, "activity", "succeeded", null, 9L, null, null),
            ("Publish", 1, "sns", "submit_failed", "SNS.AuthorizationErrorException", 14L, null, null),
        ], Attempts(rows));
        var approve = rows.Rows("task_attempts")[3];
        Assert.Equal((2969L, 60000L), (approve.Long("queue_ms"), approve.Long("run_ms")));
    }

    private static RowCollector LocalStack(string file) =>
        Flatten.History(File.ReadAllBytes(Fixtures.LocalStack(file)), Flatten.Lenient, HistoryOrder.Detect);

    private static List<(string, string, long, long?, string, int, string?, int?, int?)> Visits(RowCollector rows) =>
        rows.Rows("state_visits").Select(v => (
            v.Text("state_name")!, v.Text("state_type")!, v.Long("entered_event_id")!.Value, v.Long("exited_event_id"),
            v.Text("outcome")!, (int)v["attempts"]!, v.Text("final_error"), (int?)v["map_iteration_index"], (int?)v["parallel_branch"])).ToList();

    private static List<(string, int, string?, string?, string?, long, int?, int?)> Attempts(RowCollector rows) =>
        rows.Rows("task_attempts").Select(a => (
            a.Text("state_name")!, (int)a["attempt"]!, a.Text("resource_type"), a.Text("outcome"), a.Text("error"),
            a.Long("scheduled_event_id")!.Value, (int?)a["map_iteration_index"], (int?)a["parallel_branch"])).ToList();
}
