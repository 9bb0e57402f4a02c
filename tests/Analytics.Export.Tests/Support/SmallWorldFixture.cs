using Analytics.Emulator.Http;
using Analytics.Emulator.World;

namespace Analytics.Export.Tests.Support;

/// <summary>
/// A one-day cut of the default world behind one emulator, plus the dataset of one clean export of it: the reference
/// every reliability test compares its dataset with.
/// </summary>
public class SmallWorldFixture : IAsyncLifetime
{
    private readonly TempFolder _temp = new();

    public SmallWorldFixture()
        : this(TestWorlds.Small(days: 1))
    {
    }

    /// <summary>Another world in its place (the reference is the clean export of that one).</summary>
    protected SmallWorldFixture(SimulatedWorld world) => World = world;

    internal SimulatedWorld World { get; }

    internal EmulatorServer Server { get; private set; } = null!;

    internal string ReferenceDir => _temp.Sub("reference");

    internal string NewDir(string name) => _temp.Sub(name + "-" + Guid.NewGuid().ToString("N")[..8]);

    internal static readonly string[] ComparedTables =
    [
        "executions", "events", "state_visits", "task_attempts", "map_runs", "durable_executions", "durable_events",
        "durable_operations", "state_machines", "functions",
    ];

    public async Task InitializeAsync()
    {
        Server = await EmulatorHost.StartAsync(World);
        var result = await Exporter.RunAsync(Server.Url, ReferenceDir);
        Assert.False(result.IsPartial);
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        _temp.Dispose();
    }

    /// <summary>
    /// Asserts a dataset has exactly the reference's rows (export run ids aside), no more, no fewer, and — unless the
    /// last run was killed — no staged files left.
    /// </summary>
    /// <param name="log">Told each table's row count once it compared equal.</param>
    internal void AssertSameAsReference(string dataDir, bool stagedFilesMayRemain = false, Action<string>? log = null) => AssertSame(ReferenceDir, dataDir, stagedFilesMayRemain, log);

    /// <summary>Asserts <paramref name="dataDir"/> has exactly <paramref name="referenceDir"/>'s rows (see <see cref="AssertSameAsReference"/>).</summary>
    internal static void AssertSame(string referenceDir, string dataDir, bool stagedFilesMayRemain = false, Action<string>? log = null)
    {
        using var reference = new Dataset(referenceDir);
        using var data = new Dataset(dataDir);
        foreach (var table in ComparedTables)
        {
            // A reference exported before a UTC midnight and a dataset after it differ by their snapshots' date alone.
            var (expected, actual) = Dataset.Comparable(reference, data, table);
            Assert.True(expected.Count == actual.Count, $"{table}: {actual.Count} rows, expected {expected.Count}");
            Assert.True(expected.SequenceEqual(actual), $"{table}: rows differ from the reference{Difference(expected, actual)}");
            log?.Invoke($"{table}: {actual.Count} rows, equal");
        }
        var staging = Path.Combine(dataDir, "_staging");
        Assert.True(stagedFilesMayRemain || !Directory.Exists(staging) || !Directory.EnumerateFiles(staging, "*", SearchOption.AllDirectories).Any(), "staged files left behind");
    }

    /// <summary>The first rows each side has and the other lacks: a failure says what differs, not only that it does.</summary>
    private static string Difference(List<string> expected, List<string> actual)
    {
        var missing = expected.Except(actual).ToList();
        var extra = actual.Except(expected).ToList();
        return $"; missing {missing.Count}, e.g.:\n  {string.Join("\n  ", missing.Take(3))}\nextra {extra.Count}, e.g.:\n  {string.Join("\n  ", extra.Take(3))}";
    }
}
