namespace Analytics.Core.Tests.Support;

/// <summary>Paths of the copied corpus (see Fixtures/README.md and each folder's SOURCES.md).</summary>
internal static class Fixtures
{
    public static string Root { get; } = System.IO.Path.Combine(AppContext.BaseDirectory, "Fixtures");

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    public static byte[] Bytes(params string[] parts) => File.ReadAllBytes(Path(parts));

    public static string LocalStack(string fileName) => Path("localstack-sfn", "histories", fileName);
}
