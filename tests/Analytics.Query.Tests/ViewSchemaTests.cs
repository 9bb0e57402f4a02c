using System.Reflection;
using Analytics.Core.Columns;
using Analytics.DuckDb;

namespace Analytics.Query.Tests;

/// <summary>
/// One schema source: Core declares every table the writer writes, and <c>queries/_views.sql</c> spells each view's
/// typed columns out by hand (the DuckDB CLI reads that script too). This holds the two together: each view of an
/// empty dataset has exactly the declared columns, in order and type, then the writer's export_run_id and date.
/// </summary>
public sealed class ViewSchemaTests
{
    /// <summary>Views Core does not declare yet, each with the reason. When a table moves into Core, take it out
    /// of here and the test starts checking it.</summary>
    private static readonly Dictionary<string, string> s_notInCoreYet = new(StringComparer.Ordinal);

    /// <summary>The columns the writer adds to every table after the declared ones.</summary>
    private static readonly (string Name, string Type)[] s_writerColumns = [("export_run_id", "VARCHAR"), ("date", "DATE")];

    [Fact]
    public void Every_view_has_the_columns_Core_declares_for_its_table_in_order_and_type()
    {
        using var folder = new TempFolder();
        Directory.CreateDirectory(folder.Combine(DatasetViews.ManifestFolder)); // no files: a view shows only its typed list
        using var session = QuerySession.Open(folder.Path);
        var declared = CoreTables().ToDictionary(t => t.Name, StringComparer.Ordinal);
        var views = session.Run("SELECT view_name FROM duckdb_views() WHERE temporary AND NOT internal ORDER BY view_name").Rows.Select(r => (string)r[0]!).ToList();

        var problems = new List<string>();
        foreach (var view in views)
        {
            if (!declared.TryGetValue(view, out var table))
            {
                if (!s_notInCoreYet.ContainsKey(view))
                {
                    problems.Add($"{view}: a view of _views.sql that Analytics.Core does not declare (declare it, or allow-list it here with a reason)");
                }
                continue;
            }
            if (s_notInCoreYet.ContainsKey(view))
            {
                problems.Add($"{view}: Analytics.Core declares it now; take it out of the allow-list so it is checked");
            }
            problems.AddRange(Differences(view, Expected(session, table), Describe(session, view)));
        }
        problems.AddRange(declared.Keys.Except(views).Select(table => $"{table}: declared in Analytics.Core but _views.sql has no view of it"));

        Assert.True(problems.Count == 0, "queries/_views.sql and Analytics.Core disagree:\n" + string.Join("\n", problems));
    }

    /// <summary>Every <see cref="TableSchema"/> Core publishes (TableSchemas, SnapshotSchemas and any later home).</summary>
    private static IEnumerable<TableSchema> CoreTables() =>
        typeof(TableSchema).Assembly.GetExportedTypes()
            .SelectMany(type => type.GetProperties(BindingFlags.Public | BindingFlags.Static))
            .Where(property => property.PropertyType == typeof(TableSchema))
            .Select(property => (TableSchema)property.GetValue(null)!)
            .DistinctBy(schema => schema.Name);

    /// <summary>The declared columns in DuckDB's own spelling of their types (DESCRIBE of a typed empty SELECT).</summary>
    private static List<(string Name, string Type)> Expected(QuerySession session, TableSchema table)
    {
        var select = string.Join(", ", table.Columns.Select(c => $"NULL::{DuckDbSql.TypeName(c.Type)} AS {DuckDbSql.Identifier(c.Name)}"));
        return [.. Describe(session, $"SELECT {select}"), .. s_writerColumns];
    }

    private static List<(string Name, string Type)> Describe(QuerySession session, string relation)
    {
        var table = session.Run($"SELECT column_name, column_type FROM (DESCRIBE {relation})");
        return table.Rows.Select(r => ((string)r[0]!, (string)r[1]!)).ToList();
    }

    /// <summary>Each column that is missing, extra, out of place or of another type, by name.</summary>
    private static IEnumerable<string> Differences(string view, List<(string Name, string Type)> expected, List<(string Name, string Type)> actual)
    {
        var actualNames = actual.Select(c => c.Name).ToList();
        var expectedNames = expected.Select(c => c.Name).ToList();
        foreach (var (name, type) in expected)
        {
            var at = actualNames.IndexOf(name);
            if (at < 0)
            {
                yield return $"{view}.{name}: declared {type}, missing from the view";
            }
            else if (actual[at].Type != type)
            {
                yield return $"{view}.{name}: declared {type}, the view has {actual[at].Type}";
            }
        }
        foreach (var name in actualNames.Except(expectedNames))
        {
            yield return $"{view}.{name}: in the view, not declared";
        }
        var common = expectedNames.Intersect(actualNames).ToList();
        var inViewOrder = actualNames.Intersect(expectedNames).ToList();
        for (var i = 0; i < common.Count; i++)
        {
            if (common[i] != inViewOrder[i])
            {
                yield return $"{view}.{inViewOrder[i]}: out of place (the declaration has {common[i]} there)";
                break;
            }
        }
    }
}
