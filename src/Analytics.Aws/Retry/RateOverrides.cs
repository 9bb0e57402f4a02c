using System.Globalization;

namespace Analytics.Aws.Retry;

/// <summary>Parses <c>--max-rps OP=N</c> values (API or bucket name = requests per second).</summary>
public static class RateOverrides
{
    /// <exception cref="AwsConfigurationException">A value is not <c>NAME=positive number</c>.</exception>
    public static IReadOnlyDictionary<string, double> Parse(IEnumerable<string> values)
    {
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var value in values)
        {
            var equals = value.IndexOf('=', StringComparison.Ordinal);
            var name = equals > 0 ? value[..equals].Trim() : "";
            if (name.Length == 0
                || !double.TryParse(value[(equals + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var rate)
                || !(rate > 0) || double.IsInfinity(rate))
            {
                throw new AwsConfigurationException($"--max-rps expects API=requests-per-second with a positive number (e.g. GetExecutionHistory=10); got '{value}'.");
            }

            if (!AwsReadApis.StepFunctions.Contains(name) && !AwsReadApis.Lambda.Contains(name) && name != AwsQuotas.LambdaControlPlaneBucket)
            {
                throw new AwsConfigurationException(
                    $"--max-rps: '{name}' is not an API the export calls nor a shared bucket (one of: "
                    + $"{string.Join(", ", AwsReadApis.StepFunctions.Concat(AwsReadApis.Lambda).Append(AwsQuotas.LambdaControlPlaneBucket))}).");
            }

            result[name] = rate;
        }

        return result;
    }
}
