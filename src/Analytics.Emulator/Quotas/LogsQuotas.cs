namespace Analytics.Emulator.Quotas;

/// <summary>
/// CloudWatch Logs request quotas per account and region (aws-wire-facts-logs §4). CloudWatch Logs publishes rates
/// only, so each bucket holds one second of burst; StopQuery has no published quota and is not limited.
/// </summary>
internal static class LogsQuotas
{
    private static readonly string[] s_slowFilterRegions = ["ap-northeast-3", "ap-southeast-3", "ca-west-1", "eu-central-1", "il-central-1"];

    public static double FilterLogEventsRate(string region) =>
        region == "us-east-1" ? 25 : s_slowFilterRegions.Contains(region) ? 5 : 10;

    public static void AddTo(string region, Action<string, double> add)
    {
        add("FilterLogEvents", FilterLogEventsRate(region));
        add("DescribeLogGroups", 10);
        add("StartQuery", 10);
        add("GetQueryResults", 10);
    }
}
