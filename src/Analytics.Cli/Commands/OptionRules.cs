using System.CommandLine;
using System.Globalization;

namespace Analytics.Cli.Commands;

/// <summary>
/// Checks on option values, reported by the parser as usage errors (exit 2) before a command runs, so a bad number
/// never reaches a library as an exception.
/// </summary>
internal static class OptionRules
{
    /// <summary>The value, when given, lies in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public static T InRange<T>(this T option, long min, long max = long.MaxValue)
        where T : Option
    {
        option.Validators.Add(result =>
        {
            if (result.Tokens.Count == 0)
            {
                return;
            }
            var text = result.Tokens[^1].Value;
            if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
            {
                result.AddError(max == long.MaxValue
                    ? $"{option.Name} must be a whole number of at least {min}; got '{text}'."
                    : $"{option.Name} must be a whole number from {min} to {max}; got '{text}'.");
            }
        });
        return option;
    }

    /// <summary>The value, when given, is a probability (0..1).</summary>
    public static Option<double> Probability(this Option<double> option)
    {
        option.Validators.Add(result =>
        {
            if (result.Tokens.Count > 0 && result.GetValue(option) is var p && !(p >= 0 && p <= 1))
            {
                result.AddError($"{option.Name} must be a probability from 0 to 1; got '{result.Tokens[^1].Value}'.");
            }
        });
        return option;
    }

    /// <summary>An enum option whose parse error lists the accepted words instead of naming a .NET type.</summary>
    public static Option<TEnum> Choice<TEnum>(string name, string description, TEnum defaultValue)
        where TEnum : struct, Enum
    {
        var words = Enum.GetNames<TEnum>().Select(n => n.ToLowerInvariant()).ToArray();
        var option = new Option<TEnum>(name)
        {
            Description = $"{description} ({string.Join(", ", words)}).",
            DefaultValueFactory = _ => defaultValue,
            CustomParser = result =>
            {
                var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
                if (Enum.TryParse<TEnum>(text, ignoreCase: true, out var value) && Enum.IsDefined(value) && !int.TryParse(text, out _))
                {
                    return value;
                }
                result.AddError($"{name} must be one of: {string.Join(", ", words)}; got '{text}'.");
                return defaultValue;
            },
        };
        option.CompletionSources.Add(words); // shell completion offers the same words the parser accepts
        return option;
    }
}
