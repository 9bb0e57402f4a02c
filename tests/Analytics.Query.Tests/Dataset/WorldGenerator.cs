namespace Analytics.Query.Tests.Dataset;

/// <summary>
/// A small but realistic seeded world: an order workflow (Lambda tasks with retries, timeouts and aborts), a nightly ETL
/// with a Distributed Map whose child executions run a retried Transform task, and a durable-function saga with retried
/// steps. <see cref="ChargeFailure"/> sets the Charge task's per-attempt failure probability by day, to inject a
/// regression.
/// </summary>
internal sealed partial class WorldGenerator
{
    public const string Region = "us-east-1";
    public const string Account = "123456789012";
    public const string RunId = "run-0001";

    private readonly Random _random;
    private readonly GeneratedWorld _world = new();
    private long _ordinal;

    public WorldGenerator(int seed) => _random = new Random(seed);

    /// <summary>First day generated (a Monday) and how many days.</summary>
    public DateOnly FirstDay { get; init; } = new(2026, 11, 2);

    public int Days { get; init; } = 21;

    public int OrdersPerDay { get; init; } = 70;

    public int EtlPerDay { get; init; } = 4;

    public int SagasPerDay { get; init; } = 25;

    /// <summary>The Charge task's per-attempt failure probability on a day.</summary>
    public Func<DateOnly, double> ChargeFailure { get; init; } = _ => 0.10;

    public static string LambdaArn(string function) => $"arn:aws:lambda:{Region}:{Account}:function:{function}";

    public static string StateMachineArn(string name) => $"arn:aws:states:{Region}:{Account}:stateMachine:{name}";

    public GeneratedWorld Generate()
    {
        AddCatalog();
        for (var day = 0; day < Days; day++)
        {
            var date = FirstDay.AddDays(day);
            var midnight = new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            for (var i = 0; i < OrdersPerDay; i++)
            {
                AddOrder(midnight.AddMilliseconds(_random.NextInt64(86_400_000)), ChargeFailure(date));
            }
            for (var i = 0; i < EtlPerDay; i++)
            {
                AddEtl(midnight.AddMilliseconds(_random.NextInt64(86_400_000)));
            }
            for (var i = 0; i < SagasPerDay; i++)
            {
                AddSaga(midnight.AddMilliseconds(_random.NextInt64(86_400_000)));
            }
        }
        return _world;
    }

    private void AddCatalog()
    {
        var exportedAt = new DateTimeOffset(FirstDay.AddDays(Days).ToDateTime(new TimeOnly(2, 0)), TimeSpan.Zero);
        foreach (var name in new[] { "orders", "etl-nightly" })
        {
            _world.StateMachines.Add(new(StateMachineArn(name), name, "STANDARD", "ACTIVE", exportedAt.AddDays(-90),
                new string('a', 64), "{\"StartAt\":\"x\"}", $"arn:aws:iam::{Account}:role/{name}", RunId, exportedAt));
        }
        (string Name, bool Durable, int Retries)[] functions =
            [("validate", false, 2), ("charge", false, 0), ("ship", false, 1), ("transform", false, 2), ("order-saga", true, 0)];
        foreach (var (name, durable, retries) in functions)
        {
            _world.Functions.Add(new(LambdaArn(name), name, "nodejs22.x", durable, retries, 3600, null,
                retries > 0 ? $"arn:aws:sqs:{Region}:{Account}:{name}-dlq" : null, RunId, exportedAt));
        }
    }

    private string NextName() => $"{_random.Next():x8}-{++_ordinal:x12}";

    /// <summary>A lognormal-ish duration: mostly near <paramref name="typical"/>, with a long tail.</summary>
    private long Duration(long typical) => 1 + (long)(typical * Math.Exp(_random.NextDouble() * _random.NextDouble() * 3.0 - 0.5));
}
