using System.Text.RegularExpressions;

namespace Analytics.Emulator.World;

internal static partial class WorldValidator
{
    // CloudWatch Logs' logGroupName pattern and length (1-512).
    [GeneratedRegex(@"^[\.\-_/#A-Za-z0-9]{1,512}$")]
    private static partial Regex LogGroupPattern();

    private static void CheckLogging(LoggingSpec? logging, string path, Action<bool, string, string> check)
    {
        if (logging is null)
        {
            return;
        }
        check(logging.Level is "ALL" or "ERROR" or "FATAL" or "OFF", $"{path}.level", "must be ALL, ERROR, FATAL or OFF");
        check(logging.LogGroup is null || LogGroupPattern().IsMatch(logging.LogGroup), $"{path}.logGroup",
            "must be 1-512 letters, digits, '.', '-', '_', '/' or '#'");
        check(logging.LateProbability is >= 0 and <= 1, $"{path}.lateProbability", "must be between 0 and 1");
        CheckLatency(logging.DeliveryDelay, $"{path}.deliveryDelay", check);
        CheckLatency(logging.LateDelay, $"{path}.lateDelay", check);
    }
}
