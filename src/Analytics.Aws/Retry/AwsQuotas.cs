namespace Analytics.Aws.Retry;

/// <summary>A published AWS request quota: a token bucket of <paramref name="Burst"/> refilled at <paramref name="RatePerSecond"/>.</summary>
/// <param name="Bucket">The bucket the quota belongs to: the API name, or a bucket several APIs share.</param>
public sealed record ApiQuota(string Bucket, double Burst, double RatePerSecond);

/// <summary>The request quotas from the wire facts (Step Functions service quotas, Lambda quotas, CloudWatch Logs quotas).</summary>
public static class AwsQuotas
{
    /// <summary>The bucket every Lambda control-plane read shares (15 req/s per account and region).</summary>
    public const string LambdaControlPlaneBucket = "lambda-control-plane";

    private static readonly HashSet<string> s_bigSfnRegions = new(StringComparer.Ordinal) { "us-east-1", "us-west-2", "eu-west-1" };

    /// <summary>The quota for a Step Functions read API in a region.</summary>
    public static ApiQuota StepFunctions(string api, string region)
    {
        var big = s_bigSfnRegions.Contains(region);
        return api switch
        {
            "GetExecutionHistory" => new(api, 400, 20),
            "ListExecutions" => big ? new(api, 200, 5) : new(api, 100, 2),
            "DescribeExecution" => big ? new(api, 300, 15) : new(api, 250, 10),
            "ListMapRuns" => new(api, 100, 1),
            "DescribeMapRun" => new(api, 200, 1),
            "ListStateMachines" => new(api, 100, 5),
            "DescribeStateMachine" => new(api, 200, 20),
            "DescribeStateMachineForExecution" => new(api, 200, 1),
            _ => throw new ArgumentException($"No Step Functions quota is known for {api}.", nameof(api)),
        };
    }

    /// <summary>
    /// The quota for a Lambda read API. The durable APIs have their own; every other control-plane call shares one
    /// 15 req/s budget. Lambda publishes no burst size, so the burst is one second's worth.
    /// </summary>
    public static ApiQuota Lambda(string api) => api switch
    {
        "GetDurableExecution" => new(api, 30, 30),
        "GetDurableExecutionHistory" => new(api, 15, 15),
        "ListDurableExecutionsByFunction" => new(api, 15, 15),
        "GetDurableExecutionState" => new(api, 1000, 1000),
        "ListFunctions" or "GetFunctionConfiguration" or "ListFunctionEventInvokeConfigs" =>
            new(LambdaControlPlaneBucket, 15, 15),
        _ => throw new ArgumentException($"No Lambda quota is known for {api}.", nameof(api)),
    };

    /// <summary>
    /// The quota for a CloudWatch Logs API in a region (aws-wire-facts-logs §4; rates only, so one second of burst).
    /// StopQuery has no published quota: it gets StartQuery's.
    /// </summary>
    public static ApiQuota Logs(string api, string region) => api switch
    {
        "FilterLogEvents" => LogsRate(api, region == "us-east-1" ? 25 : s_slowLogsRegions.Contains(region) ? 5 : 10),
        "DescribeLogGroups" or "StartQuery" or "GetQueryResults" or "StopQuery" => LogsRate(api, 10),
        _ => throw new ArgumentException($"No CloudWatch Logs quota is known for {api}.", nameof(api)),
    };

    private static readonly HashSet<string> s_slowLogsRegions = new(StringComparer.Ordinal)
    {
        "ap-northeast-3", "ap-southeast-3", "ca-west-1", "eu-central-1", "il-central-1",
    };

    private static ApiQuota LogsRate(string api, double rate) => new(api, rate, rate);
}
