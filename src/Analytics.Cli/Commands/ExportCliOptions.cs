using System.CommandLine;
using System.Globalization;

namespace Analytics.Cli.Commands;

/// <summary>The export options shared by <c>export</c> and <c>serve</c>, turned into configuration keys.</summary>
internal sealed class ExportCliOptions
{
    private readonly Option<string?> _out = new("--out") { Description = "Dataset root folder, or s3://bucket/prefix (Export:Out)." };
    private readonly Option<string?> _endpoint = new("--endpoint-url") { Description = "One endpoint for both services, e.g. the emulator (else AWS)." };
    private readonly Option<string?> _s3Endpoint = new("--s3-endpoint-url") { Description = "S3's endpoint for an s3:// --out (path-style addressing, e.g. a local S3 server)." };
    private readonly Option<string?> _region = new("--region") { Description = "AWS region (else AWS_REGION / the profile's)." };
    private readonly Option<string?> _profile = new("--profile") { Description = "Named AWS profile." };
    private readonly Option<string?> _since = new("--since") { Description = "First run: do not read executions older than this date (YYYY-MM-DD or ISO-8601)." };
    private readonly Option<bool> _full = new("--full") { Description = "Ignore watermarks and list everything again (exported rows are still not duplicated)." };
    private readonly Option<string?> _machines = new("--state-machines") { Description = "State machine name glob(s), comma separated (default *)." };
    private readonly Option<string?> _functions = new("--functions") { Description = "Function name glob(s), comma separated (default *)." };
    private readonly Option<bool> _data = new("--include-execution-data") { Description = "Also request execution payloads (off by default)." };
    private readonly Option<string?> _shard = new("--shard") { Description = "K/N: export only this process's share of state machines and functions." };
    private readonly Option<string[]> _maxRps = new("--max-rps") { Description = "OP=N client-side rate override, repeatable (e.g. GetExecutionHistory=10)." };
    private readonly Option<string?> _regions = new("--regions") { Description = "Regions to export, comma separated (each account and region is a unit of its own)." };
    private readonly Option<string?> _accounts = new("--accounts") { Description = "Member account ids, comma separated, read through --role-name." };
    private readonly Option<string?> _accountsFile = new("--accounts-file") { Description = "File of member accounts: one 12-digit id a line, optionally followed by a name." };
    private readonly Option<string?> _roleName = new("--role-name") { Description = "Role assumed in each member account (arn:aws:iam::<account>:role/NAME) with the base credentials." };
    private readonly Option<string?> _externalId = new("--external-id") { Description = "External id the role's trust policy asks for." };
    private readonly Option<string?> _sessionName = new("--session-name") { Description = "RoleSessionName of the assumed sessions (default workflow-history-analytics)." };
    private readonly Option<int?> _sessionDuration = new("--session-duration") { Description = "Seconds each assumed session lasts (900..43200, default 3600); renewed before it expires." };
    private readonly Option<int?> _parallel = new("--parallel") { Description = "Account/region units crawled at once (default 4)." };
    private readonly Option<bool> _noCompact = new("--no-compact") { Description = "Do not merge settled dates' files as the run ends (Export:CompactPartitions=false)." };
    private readonly Option<string?> _pacing = new("--pacing") { Description = "Client-side pacing: aws (published quotas, default) or none (an endpoint without quotas)." };

    public ExportCliOptions(Command command)
    {
        foreach (var option in new Option[] { _out, _endpoint, _s3Endpoint, _region, _profile, _since, _full, _machines, _functions, _data, _shard, _maxRps, _pacing,
            _regions, _accounts, _accountsFile, _roleName, _externalId, _sessionName, _sessionDuration, _parallel, _noCompact })
        {
            command.Options.Add(option);
        }
    }

    /// <summary>The given options as configuration keys (they override appsettings.json and ANALYTICS__ variables).</summary>
    public bool TryCollect(ParseResult parse, out Dictionary<string, string?> values)
    {
        var collected = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        values = collected;
        void Set(string key, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                collected[key] = value;
            }
        }
        Set("Export:Out", parse.GetValue(_out));
        Set("Aws:EndpointUrl", parse.GetValue(_endpoint));
        Set("Aws:S3EndpointUrl", parse.GetValue(_s3Endpoint));
        Set("Aws:Region", parse.GetValue(_region));
        Set("Aws:Profile", parse.GetValue(_profile));
        Set("Aws:Pacing", parse.GetValue(_pacing));
        Set("Export:StateMachines", parse.GetValue(_machines));
        Set("Export:Functions", parse.GetValue(_functions));
        Set("Export:Shard", parse.GetValue(_shard));
        Set("Export:Regions", parse.GetValue(_regions));
        Set("Export:Accounts", parse.GetValue(_accounts));
        Set("Export:AccountsFile", parse.GetValue(_accountsFile));
        Set("Export:RoleName", parse.GetValue(_roleName));
        Set("Export:ExternalId", parse.GetValue(_externalId));
        Set("Export:SessionName", parse.GetValue(_sessionName));
        if (parse.GetValue(_sessionDuration) is { } seconds)
        {
            Set("Export:SessionDuration", TimeSpan.FromSeconds(seconds).ToString("c", CultureInfo.InvariantCulture));
        }
        if (parse.GetValue(_parallel) is { } parallel)
        {
            Set("Export:Parallel", parallel.ToString(CultureInfo.InvariantCulture));
        }
        if (parse.GetValue(_full))
        {
            Set("Export:Full", "true");
        }
        if (parse.GetValue(_noCompact))
        {
            Set("Export:CompactPartitions", "false");
        }
        if (parse.GetValue(_data))
        {
            Set("Export:IncludeExecutionData", "true");
        }
        if (parse.GetValue(_maxRps) is { Length: > 0 } rates)
        {
            Set("Aws:MaxRps", string.Join(',', rates));
        }
        if (parse.GetValue(_since) is { } sinceText)
        {
            if (!DateTimeOffset.TryParse(sinceText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var since))
            {
                Console.Error.WriteLine($"error: --since must be a date (YYYY-MM-DD) or ISO-8601 time, got '{sinceText}'");
                return false;
            }
            Set("Export:Since", since.ToString("O", CultureInfo.InvariantCulture));
        }
        return true;
    }
}
