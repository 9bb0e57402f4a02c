using System.Text;
using System.Text.RegularExpressions;
using Analytics.DuckDb;
using Analytics.Export.Manifest;

namespace Analytics.Query.Tests;

/// <summary>
/// The manifest records, per committed file, whether every row has account_id and region, so the views are set up
/// from the manifest alone: no Parquet footer is read for that (DuckDB's query log shows every statement the set-up
/// ran). A manifest written before it recorded that still works: those files' footers are read, with the same answers.
/// </summary>
public sealed partial class ManifestFileFactsTests
{
    [Fact]
    public async Task Views_over_an_export_need_no_footer_reads_and_an_older_manifest_gives_the_same_answers()
    {
        using var folder = new TempFolder();
        var root = folder.Combine("data");
        var old = folder.Combine("old");
        await WorldExport.ExportAsync("default.json", root);
        Folders.Copy(root, old);
        Assert.True(StripAccountRegion(old) > 0);

        var state = DatasetStore.LoadCommittedFiles(root)!;
        Assert.All(state.Files.Keys, file => Assert.NotNull(state.FileStats[file].AccountRegion));
        var (statements, files) = SetUpViews(root);
        Assert.DoesNotContain(statements, s => s.Contains("parquet_metadata", StringComparison.Ordinal));
        var (oldStatements, oldFiles) = SetUpViews(old);
        Assert.Contains(oldStatements, s => s.Contains("parquet_metadata", StringComparison.Ordinal));
        // The export's history files all have account and region in every row: none is read for its ARNs.
        Assert.Contains("executions", files[0], StringComparison.Ordinal);
        Assert.Contains("executions='[]'", files[1], StringComparison.Ordinal);
        Assert.Equal(files, oldFiles.Select(f => f.Replace(old, root, StringComparison.Ordinal)).ToArray());

        using var session = QuerySession.Open(root, new QuerySessionOptions { Threads = 2 });
        using var oldSession = QuerySession.Open(old, new QuerySessionOptions { Threads = 2 });
        foreach (var query in session.Queries.All())
        {
            Assert.Equal(Canonical.Rows(session.RunNamed(query.Name)), Canonical.Rows(oldSession.RunNamed(query.Name)));
        }
    }

    /// <summary>Sets the views up on a logging connection: the statements it ran, and the two file-list variables.</summary>
    private static (List<string> Statements, string[] Files) SetUpViews(string root)
    {
        using var database = DuckDbDatabase.Open(null, new DuckDbConfig { Threads = 1 });
        using var connection = database.Connect();
        connection.Execute("CALL enable_logging('QueryLog')");
        DatasetViews.Create(connection, root);
        var statements = new List<string>();
        using (var result = connection.Query("SELECT message FROM duckdb_logs WHERE type = 'QueryLog'"))
        {
            while (result.NextChunk() is { } chunk)
            {
                using (chunk)
                {
                    statements.AddRange(Enumerable.Range(0, chunk.RowCount).Select(row => chunk.GetVector(0).GetString(row)));
                }
            }
        }
        Assert.NotEmpty(statements);
        string[] files = ["analytics_files", "analytics_arn_files"];
        return (statements, files.Select(v => (string)connection.ExecuteScalar($"SELECT getvariable('{v}')::VARCHAR")!).ToArray());
    }

    /// <summary>Makes the manifest look as it did before it recorded account and region: drops the member from every
    /// commit record and from the snapshot's header. Returns how many it dropped.</summary>
    private static int StripAccountRegion(string root)
    {
        var dropped = 0;
        string Strip(string json) => AccountRegionMember().Replace(json, _ => { dropped++; return ""; });
        foreach (var record in Directory.EnumerateFiles(Path.Combine(root, "_manifest", "commits"), "*.json"))
        {
            File.WriteAllText(record, Strip(File.ReadAllText(record)));
        }
        var snapshot = Path.Combine(root, "_manifest", "snapshot.bin");
        if (File.Exists(snapshot))
        {
            // Magic line, length-prefixed JSON header, then the binary rest.
            var bytes = File.ReadAllBytes(snapshot);
            var magic = Array.IndexOf(bytes, (byte)'\n') + 1;
            var length = BitConverter.ToInt32(bytes, magic);
            var header = Encoding.UTF8.GetBytes(Strip(Encoding.UTF8.GetString(bytes, magic + 4, length)));
            File.WriteAllBytes(snapshot, [.. bytes[..magic], .. BitConverter.GetBytes(header.Length), .. header, .. bytes[(magic + 4 + length)..]]);
        }
        return dropped;
    }

    [GeneratedRegex(""",?"accountRegion":(true|false|null)""")]
    private static partial Regex AccountRegionMember();
}
