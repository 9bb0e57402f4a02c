namespace Analytics.Query.Tests.Dataset;

/// <summary>One generated world written once per test class: three ISO weeks (2026-W45..W47) of every table.</summary>
public sealed class DatasetFixture : IDisposable
{
    private readonly TempFolder _folder = new();

    public DatasetFixture()
    {
        World = new WorldGenerator(seed: 4711).Generate();
        DatasetWriter.Write(World, _folder.Path);
    }

    internal GeneratedWorld World { get; }

    public string Root => _folder.Path;

    public void Dispose() => _folder.Dispose();
}
