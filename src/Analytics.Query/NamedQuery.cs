namespace Analytics.Query;

/// <summary>One file of <c>queries/</c>: its name (the file name without <c>.sql</c>), path and SQL text.</summary>
public sealed record NamedQuery(string Name, string Path, string Sql)
{
    /// <summary>The first line of the header comment, e.g. "failure_rates: executions per state machine …".</summary>
    public string Summary
    {
        get
        {
            var first = Sql.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("--", StringComparison.Ordinal));
            return first is null ? string.Empty : first.TrimStart('-').Trim();
        }
    }
}
