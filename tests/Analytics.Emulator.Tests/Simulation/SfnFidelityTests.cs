using static Analytics.Emulator.Tests.Simulation.SimHarness;

namespace Analytics.Emulator.Tests.Simulation;

/// <summary>
/// For each pattern, the simulator's event types and id/previousEventId structure equal those of a history recorded
/// against real AWS (LocalStack parity snapshots, Fixtures/real-histories/localstack-sfn). State names and payloads
/// are not compared. Each test builds a one-state-machine world whose definition and outcome model force the pattern.
/// </summary>
public sealed class SfnFidelityTests
{
    private const string Activity = "arn:aws:states:us-east-1:123456789012:activity:review";
    private const string LambdaArn = "arn:aws:lambda:us-east-1:123456789012:function:worker";

    private static void AssertSameAsCorpus(string corpusFile, string definition, string extra = "")
    {
        var world = StateMachineWorld(definition, extra);
        var (_, actual) = FirstExecution(world, _ => true);
        Assert.Equal(CorpusShapes(corpusFile), actual);
    }

    [Fact]
    public void Activity_task_success_matches_aws()
    {
        AssertSameAsCorpus("activities.test_activities__TestActivities__test_activity_task__get_execution_history.json",
            """{"StartAt":"A","States":{"A":{"Type":"Task","Resource":"@ACTIVITY","End":true}}}""".Replace("@ACTIVITY", Activity));
    }

    [Fact]
    public void Activity_task_failure_matches_aws()
    {
        AssertSameAsCorpus("activities.test_activities__TestActivities__test_activity_task_failure__get_execution_history.json",
            """{"StartAt":"A","States":{"A":{"Type":"Task","Resource":"@ACTIVITY","End":true}}}""".Replace("@ACTIVITY", Activity),
            """, "outcomes": { "A": { "failures": { "Programmatic Error": 1.0 } } }""");
    }

    [Fact]
    public void Activity_task_timeout_matches_aws()
    {
        AssertSameAsCorpus("activities.test_activities__TestActivities__test_activity_task_start_timeout__get_execution_history.json",
            """{"StartAt":"A","States":{"A":{"Type":"Task","Resource":"@ACTIVITY","TimeoutSeconds":5,"End":true}}}""".Replace("@ACTIVITY", Activity),
            """, "outcomes": { "A": { "latency": { "fixedMs": 10000 }, "queue": { "fixedMs": 200 } } }""");
    }

    [Fact]
    public void Callback_task_heartbeat_timeout_matches_aws()
    {
        AssertSameAsCorpus("timeouts.test_heartbeats__TestHeartbeats__test_heartbeat_timeout__get_execution_history.json",
            """{"StartAt":"S","States":{"S":{"Type":"Task","Resource":"arn:aws:states:::sqs:sendMessage.waitForTaskToken","TimeoutSeconds":600,"HeartbeatSeconds":5,"End":true}}}""",
            """, "outcomes": { "S": { "latency": { "fixedMs": 100000 }, "heartbeatMissProbability": 1.0 } }""");
    }

    [Fact]
    public void Legacy_lambda_task_timeout_matches_aws()
    {
        AssertSameAsCorpus("timeouts.test_timeouts__TestTimeouts__test_fixed_timeout_lambda__get_execution_history.json",
            """{"StartAt":"L","States":{"L":{"Type":"Task","Resource":"@LAMBDA","TimeoutSeconds":5,"End":true}}}""".Replace("@LAMBDA", LambdaArn),
            """, "outcomes": { "L": { "latency": { "fixedMs": 10000 } } }""");
    }

    [Fact]
    public void Lambda_invoke_integration_timeout_matches_aws()
    {
        AssertSameAsCorpus("timeouts.test_timeouts__TestTimeouts__test_fixed_timeout_service_lambda__get_execution_history.json",
            """{"StartAt":"L","States":{"L":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","TimeoutSeconds":5,"End":true}}}""",
            """, "outcomes": { "L": { "latency": { "fixedMs": 10000 } } }""");
    }

    [Fact]
    public void Legacy_lambda_failure_caught_matches_aws()
    {
        AssertSameAsCorpus("error_handling.test_task_lambda__TestTaskLambda__test_raise_exception_catch__get_execution_history.json",
            """{"StartAt":"L","States":{"L":{"Type":"Task","Resource":"@LAMBDA","Catch":[{"ErrorEquals":["States.ALL"],"Next":"H"}],"End":true},"H":{"Type":"Pass","End":true}}}""".Replace("@LAMBDA", LambdaArn),
            """, "outcomes": { "L": { "failures": { "Exception": 1.0 } } }""");
    }

    [Fact]
    public void Lambda_invoke_failure_caught_matches_aws()
    {
        AssertSameAsCorpus("error_handling.test_task_service_lambda__TestTaskServiceLambda__test_raise_exception_catch__get_execution_history.json",
            """{"StartAt":"L","States":{"L":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Catch":[{"ErrorEquals":["States.ALL"],"Next":"H"}],"End":true},"H":{"Type":"Pass","End":true}}}""",
            """, "outcomes": { "L": { "failures": { "Exception": 1.0 } } }""");
    }

    [Fact]
    public void Lambda_invoke_retries_exhausted_matches_aws()
    {
        AssertSameAsCorpus("credentials.test_credentials_base__TestCredentialsBase__test_cross_account_service_lambda_invoke_retry__get_execution_history.json",
            """{"StartAt":"L","States":{"L":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Retry":[{"ErrorEquals":["States.ALL"],"MaxAttempts":2}],"End":true}}}""",
            """, "outcomes": { "L": { "failures": { "Exception": 1.0 } } }""");
    }

    [Fact]
    public void Legacy_lambda_retries_exhausted_matches_aws()
    {
        AssertSameAsCorpus("scenarios.test_base_scenarios__TestBaseScenarios__test_retry_interval_features__get_execution_history.json",
            """{"StartAt":"L","States":{"L":{"Type":"Task","Resource":"@LAMBDA","Retry":[{"ErrorEquals":["States.ALL"],"IntervalSeconds":3,"MaxAttempts":2,"BackoffRate":1.5}],"End":true}}}""".Replace("@LAMBDA", LambdaArn),
            """, "outcomes": { "L": { "failures": { "Exception": 1.0 } } }""");
    }

    [Fact]
    public void Legacy_lambda_retries_exhausted_then_caught_matches_aws()
    {
        AssertSameAsCorpus("scenarios.test_base_scenarios__TestBaseScenarios__test_lambda_invoke_with_retry_base__get_execution_history.json",
            """{"StartAt":"L","States":{"L":{"Type":"Task","Resource":"@LAMBDA","Retry":[{"ErrorEquals":["States.ALL"],"MaxAttempts":3}],"Catch":[{"ErrorEquals":["States.ALL"],"Next":"H"}],"End":true},"H":{"Type":"Pass","End":true}}}""".Replace("@LAMBDA", LambdaArn),
            """, "outcomes": { "L": { "failures": { "Exception": 1.0 } } }""");
    }

    [Fact]
    public void Inline_map_iterations_match_aws()
    {
        AssertSameAsCorpus("scenarios.test_base_scenarios__TestBaseScenarios__test_map_state_item_selector__get_execution_history.json",
            """{"StartAt":"Start","States":{"Start":{"Type":"Pass","Next":"M"},"M":{"Type":"Map","MaxConcurrency":1,"ItemProcessor":{"StartAt":"H","States":{"H":{"Type":"Pass","End":true}}},"Next":"Final"},"Final":{"Type":"Pass","End":true}}}""",
            """, "mapItems": { "M": { "min": 5, "max": 5 } }""");
    }

    [Fact]
    public void Inline_map_failure_caught_matches_aws()
    {
        AssertSameAsCorpus("scenarios.test_base_scenarios__TestBaseScenarios__test_map_state_catch__get_execution_history.json",
            """{"StartAt":"Start","States":{"Start":{"Type":"Pass","Next":"M"},"M":{"Type":"Map","ItemProcessor":{"StartAt":"F","States":{"F":{"Type":"Fail","Error":"E"}}},"Catch":[{"ErrorEquals":["States.ALL"],"Next":"Caught"}],"End":true},"Caught":{"Type":"Pass","End":true}}}""",
            """, "mapItems": { "M": { "min": 1, "max": 1 } }""");
    }

    [Fact]
    public void Inline_map_retried_then_failed_matches_aws()
    {
        AssertSameAsCorpus("scenarios.test_base_scenarios__TestBaseScenarios__test_map_state_retry__get_execution_history.json",
            """{"StartAt":"Start","States":{"Start":{"Type":"Pass","Next":"M"},"M":{"Type":"Map","ItemProcessor":{"StartAt":"F","States":{"F":{"Type":"Fail","Error":"E"}}},"Retry":[{"ErrorEquals":["States.ALL"],"IntervalSeconds":1,"MaxAttempts":2}],"End":true}}}""",
            """, "mapItems": { "M": { "min": 1, "max": 1 } }""");
    }

    [Fact]
    public void Distributed_map_run_success_matches_aws()
    {
        AssertSameAsCorpus("scenarios.test_base_scenarios__TestBaseScenarios__test_map_state_tolerated_failure_values_count_literal___get_execution_history.json",
            """{"StartAt":"M","States":{"M":{"Type":"Map","ToleratedFailureCount":0,"ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},"StartAt":"H","States":{"H":{"Type":"Pass","End":true}}},"End":true}}}""",
            """, "mapItems": { "M": { "min": 1, "max": 1 } }""");
    }

    [Fact]
    public void Distributed_map_run_failure_matches_aws()
    {
        AssertSameAsCorpus("scenarios.test_base_scenarios__TestBaseScenarios__test_map_item_reader_csv_headers_decl_duplicate_headers__get_execution_history.json",
            """{"StartAt":"M","States":{"M":{"Type":"Map","ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"EXPRESS"},"StartAt":"F","States":{"F":{"Type":"Fail","Error":"E"}}},"End":true}}}""",
            """, "mapItems": { "M": { "min": 1, "max": 1 } }""");
    }

    [Fact]
    public void Parallel_branch_task_failure_caught_aborts_the_task_as_aws_does()
    {
        AssertSameAsCorpus("callback.test_callback__TestCallback__test_sqs_failure_in_wait_for_task_tok_no_error_field_SQS_PARALLEL_WAIT_FOR_TASK_TOKEN___get_execution_history.json",
            """{"StartAt":"P","States":{"P":{"Type":"Parallel","Branches":[{"StartAt":"S","States":{"S":{"Type":"Task","Resource":"arn:aws:states:::sqs:sendMessage.waitForTaskToken","End":true}}}],"Catch":[{"ErrorEquals":["States.ALL"],"Next":"Caught"}],"End":true},"Caught":{"Type":"Pass","End":true}}}""",
            """, "outcomes": { "S": { "failures": { "SQS.Failure": 1.0 } } }""");
    }

    [Fact]
    public void Parallel_fail_state_caught_matches_aws()
    {
        AssertSameAsCorpus("scenarios.test_base_scenarios__TestBaseScenarios__test_parallel_state_catch__get_execution_history.json",
            """{"StartAt":"P","States":{"P":{"Type":"Parallel","Branches":[{"StartAt":"F","States":{"F":{"Type":"Fail","Error":"E"}}}],"Catch":[{"ErrorEquals":["States.ALL"],"Next":"Caught"}],"End":true},"Caught":{"Type":"Pass","End":true}}}""");
    }

    [Fact]
    public void Parallel_fail_state_uncaught_matches_aws()
    {
        AssertSameAsCorpus("scenarios.test_base_scenarios__TestBaseScenarios__test_parallel_state_fail__get_execution_history.json",
            """{"StartAt":"P","States":{"P":{"Type":"Parallel","Branches":[{"StartAt":"F","States":{"F":{"Type":"Fail","Error":"E"}}}],"End":true}}}""");
    }

    [Fact]
    public void Parallel_retried_then_failed_matches_aws()
    {
        AssertSameAsCorpus("scenarios.test_base_scenarios__TestBaseScenarios__test_parallel_state_retry__get_execution_history.json",
            """{"StartAt":"P","States":{"P":{"Type":"Parallel","Branches":[{"StartAt":"F","States":{"F":{"Type":"Fail","Error":"E"}}}],"Retry":[{"ErrorEquals":["States.ALL"],"MaxAttempts":2}],"End":true}}}""");
    }

    [Fact]
    public void Choice_then_pass_matches_aws()
    {
        AssertSameAsCorpus("scenarios.test_sfn_scenarios__TestFundamental__test_path_based_on_data__first_path__execution_history.json",
            """{"StartAt":"C","States":{"C":{"Type":"Choice","Choices":[{"Variable":"$.x","NumericEquals":1,"Next":"One"}],"Default":"Other"},"One":{"Type":"Pass","End":true},"Other":{"Type":"Pass","End":true}}}""",
            """, "choices": { "C": [1, 0] }""");
    }

    [Fact]
    public void Wait_state_matches_aws()
    {
        AssertSameAsCorpus("scenarios.test_base_scenarios__TestBaseScenarios__test_wait_timestamp__get_execution_history.json",
            """{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":2,"End":true}}}""");
    }

    [Fact]
    public void Choice_then_fail_state_matches_aws()
    {
        AssertSameAsCorpus("assign.test_assign_base__TestAssignBase__test_assign_in_choice_CONDITION_FALSE___get_execution_history.json",
            """{"StartAt":"C","States":{"C":{"Type":"Choice","Choices":[{"Variable":"$.x","BooleanEquals":true,"Next":"Ok"}],"Default":"Bad"},"Ok":{"Type":"Succeed"},"Bad":{"Type":"Fail","Error":"E","Cause":"Condition is false"}}}""",
            """, "choices": { "C": [0, 1] }""");
    }

    [Fact]
    public void Aborted_execution_matches_aws()
    {
        AssertSameAsCorpus("test_sfn_api__TestSnfApi__test_stop_execution__exec_hist_resp.json",
            """{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":86400,"End":true}}}""",
            """, "abortProbability": 1.0""");
    }
}
