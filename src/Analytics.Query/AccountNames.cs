namespace Analytics.Query;

/// <summary>
/// The accounts' names an export was given (<c>--accounts-file</c>, kept in <c>export_units</c>: the newest per account),
/// for wherever a person reads an account id: `prod-eu (111111111111)`. An account without a name reads as its id.
/// </summary>
public sealed class AccountNames
{
    private readonly Dictionary<string, string> _names;

    private AccountNames(Dictionary<string, string> names) => _names = names;

    public static AccountNames None { get; } = new(new Dictionary<string, string>(StringComparer.Ordinal));

    public static AccountNames Of(QuerySession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (session.DataDirectory is null)
        {
            return None; // no dataset attached: no views, no names
        }
        var table = session.Run("SELECT account_id, account_name FROM account_names()");
        return new AccountNames(table.Rows.ToDictionary(r => (string)r[0]!, r => (string)r[1]!, StringComparer.Ordinal));
    }

    /// <summary>`prod-eu (111111111111)`, or the id alone when the account has no name.</summary>
    public string Label(string accountId) =>
        _names.TryGetValue(accountId, out var name) ? $"{name} ({accountId})" : accountId;
}
