namespace Analytics.Emulator.Quotas;

/// <summary>
/// The per-API token buckets of `--quotas aws` (aws-wire-facts: "Step Functions quotas" and "Lambda API rate
/// limits"). Step Functions has one bucket per API whose size depends on the region; Lambda's ordinary control-plane
/// reads share one 15/s budget, while each durable API has its own rate. Lambda publishes rates only, so those
/// buckets hold one second of burst.
/// </summary>
public sealed class QuotaBook
{
    private static readonly string[] s_bigRegions = ["us-east-1", "us-west-2", "eu-west-1"];

    private readonly Dictionary<string, TokenBucket> _buckets = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _bucketOf = new(StringComparer.Ordinal);

    private QuotaBook()
    {
    }

    /// <summary>No quotas: every call is admitted.</summary>
    public static QuotaBook Unlimited { get; } = new();

    /// <param name="neighbourShare">The share of every bucket's refill another consumer drains (0 = none).</param>
    public static QuotaBook Aws(string region, TimeProvider clock, double neighbourShare = 0)
    {
        var big = s_bigRegions.Contains(region);
        var book = new QuotaBook();
        void Sfn(string api, double bucket, double refill) => book.Add("states:" + api, "states:" + api, bucket, refill, clock, neighbourShare);
        Sfn("GetExecutionHistory", 400, 20);
        Sfn("ListExecutions", big ? 200 : 100, big ? 5 : 2);
        Sfn("DescribeExecution", big ? 300 : 250, big ? 15 : 10);
        Sfn("ListMapRuns", 100, 1);
        Sfn("DescribeMapRun", 200, 1);
        Sfn("ListStateMachines", 100, 5);
        Sfn("DescribeStateMachine", 200, 20);
        Sfn("DescribeStateMachineForExecution", 200, 1);

        foreach (var api in new[] { "ListFunctions", "GetFunctionConfiguration", "ListFunctionEventInvokeConfigs" })
        {
            book.Add("lambda:" + api, "lambda:control-plane", 15, 15, clock, neighbourShare);
        }
        book.Add("lambda:GetDurableExecution", "lambda:GetDurableExecution", 30, 30, clock, neighbourShare);
        book.Add("lambda:GetDurableExecutionHistory", "lambda:GetDurableExecutionHistory", 15, 15, clock, neighbourShare);
        book.Add("lambda:ListDurableExecutionsByFunction", "lambda:ListDurableExecutionsByFunction", 15, 15, clock, neighbourShare);
        book.Add("lambda:GetDurableExecutionState", "lambda:GetDurableExecutionState", 10_000, 10_000, clock, neighbourShare);
        LogsQuotas.AddTo(region, (api, rate) => book.Add("logs:" + api, "logs:" + api, rate, rate, clock, neighbourShare));
        return book;
    }

    /// <summary>The bucket a call of `service:operation` draws from, or null when it is not limited.</summary>
    public TokenBucket? BucketFor(string service, string operation) =>
        _bucketOf.TryGetValue(service + ":" + operation, out var key) ? _buckets[key] : null;

    /// <summary>Takes a token for the call; false (with the time until the next token) when throttled.</summary>
    public bool TryAcquire(string service, string operation, out TimeSpan retryAfter)
    {
        retryAfter = TimeSpan.Zero;
        return BucketFor(service, operation)?.TryTake(out retryAfter) ?? true;
    }

    private void Add(string api, string bucket, double capacity, double refill, TimeProvider clock, double neighbourShare)
    {
        if (!_buckets.ContainsKey(bucket))
        {
            _buckets[bucket] = new TokenBucket(capacity, refill, clock) { NeighbourShare = neighbourShare };
        }
        _bucketOf[api] = bucket;
    }
}
