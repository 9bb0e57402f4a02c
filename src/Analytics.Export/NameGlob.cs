using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;

namespace Analytics.Export;

/// <summary>A name filter with <c>*</c> (any run of characters) and <c>?</c> (one character); several globs separated by commas.</summary>
public sealed class NameGlob
{
    private readonly Regex _regex;

    private NameGlob(Regex regex) => _regex = regex;

    public static NameGlob Parse(string? glob)
    {
        if (string.IsNullOrWhiteSpace(glob))
        {
            glob = "*";
        }
        var alternatives = glob.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(g => Regex.Escape(g).Replace(@"\*", ".*", StringComparison.Ordinal).Replace(@"\?", ".", StringComparison.Ordinal));
        var pattern = "^(?:" + string.Join("|", alternatives) + ")$";
        try
        {
            return new NameGlob(new Regex(pattern, RegexOptions.CultureInvariant | RegexOptions.NonBacktracking));
        }
        catch (ArgumentException e)
        {
            throw new ValidationException($"Invalid name glob '{glob}': {e.Message}");
        }
    }

    public bool Matches(string name) => _regex.IsMatch(name);
}
