using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Runtime.InteropServices;
using Analytics.Emulator.Http;
using Analytics.Emulator.World;

namespace Analytics.Cli.Commands;

/// <summary>`analytics emulator`: a local AWS endpoint (Step Functions + Lambda) serving a simulated world.</summary>
internal static class EmulatorCommand
{
    public static Command Create()
    {
        var port = new Option<int>("--port") { Description = "Port to listen on; 0 picks a free one (the URL is printed)", DefaultValueFactory = _ => 0 }.InRange(0, 65_535);
        var world = new Option<FileInfo>("--world") { Description = "World file (see sample-data/README.md)", Required = true };
        var seed = new Option<long>("--seed") { Description = "Seed of the simulation and of the injected faults", DefaultValueFactory = _ => 1 };
        var now = new Option<string?>("--now") { Description = "Simulated 'now' (ISO-8601, UTC); default: the world file's" };
        var quotas = new Option<string>("--quotas") { Description = "aws = the published per-API token buckets; none = unlimited", DefaultValueFactory = _ => "none" };
        quotas.AcceptOnlyFromAmong("aws", "none");
        var throttleRate = Rate("--throttle-rate", "Probability of answering with a throttling error");
        var errorRate = Rate("--error-rate", "Probability of answering with a 5xx server error");
        var resetRate = Rate("--reset-rate", "Probability of resetting the connection instead of answering");
        var truncateRate = Rate("--truncate-rate", "Probability of cutting a 200 response body mid-JSON");
        var neighbour = new Option<double>("--neighbour-share")
        {
            Description = "With --quotas aws: the share of every API bucket's refill another consumer drains (0..1)",
            DefaultValueFactory = _ => 0,
        }.Probability();
        var latency = new Option<int>("--latency-ms") { Description = "Delay added to every response, in milliseconds", DefaultValueFactory = _ => 0 }.InRange(0, 600_000);
        var tokenTtl = new Option<int>("--token-ttl") { Description = "Seconds a pagination token stays valid (AWS: 86400)", DefaultValueFactory = _ => 86_400 }.InRange(1);
        var credentials = new Option<string?>("--credentials") { Description = "KEY:SECRET to verify SigV4 signatures against (else only their presence is checked)" };
        var listOrder = new Option<string>("--list-order")
        {
            Description = "ListExecutions order: aws = RUNNING by start, closed by stop date (sorts a state machine's executions at its first listing); start = by start date",
            DefaultValueFactory = _ => "aws",
        };
        listOrder.AcceptOnlyFromAmong("aws", "start");
        var bind = new Option<string>("--bind") { Description = "Address to bind (loopback unless you mean to expose it)", DefaultValueFactory = _ => "127.0.0.1" };

        var command = new Command("emulator", "Serve a simulated AWS world over the real Step Functions and Lambda wire protocols.");
        foreach (var option in new Option[] { port, world, seed, now, quotas, neighbour, throttleRate, errorRate, resetRate, truncateRate, latency, tokenTtl, credentials, listOrder, bind })
        {
            command.Options.Add(option);
        }
        command.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            EmulatorOptions options;
            DateTimeOffset? simulatedNow;
            try
            {
                simulatedNow = ParseNow(r.GetValue(now));
                options = new EmulatorOptions
                {
                    Port = r.GetValue(port),
                    BindAddress = IPAddress.TryParse(r.GetValue(bind), out var address)
                        ? address
                        : throw new ArgumentException($"--bind must be an IP address, got '{r.GetValue(bind)}'"),
                    Seed = r.GetValue(seed),
                    Quotas = r.GetValue(quotas) == "aws" ? QuotaMode.Aws : QuotaMode.None,
                    NeighbourShare = r.GetValue(neighbour),
                    ThrottleRate = r.GetValue(throttleRate),
                    ErrorRate = r.GetValue(errorRate),
                    ResetRate = r.GetValue(resetRate),
                    TruncateRate = r.GetValue(truncateRate),
                    Latency = TimeSpan.FromMilliseconds(r.GetValue(latency)),
                    TokenTtl = TimeSpan.FromSeconds(r.GetValue(tokenTtl)),
                    Credentials = r.GetValue(credentials) is { } c ? EmulatorCredentials.Parse(c) : null,
                };
                options.Validate();
            }
            catch (ArgumentException e)
            {
                await Console.Error.WriteLineAsync($"error: {e.Message}");
                return ExitCodes.Usage;
            }

            Organisation simulated;
            try
            {
                simulated = LoadWorld(r.GetValue(world)!.FullName, r.GetValue(seed), simulatedNow,
                    r.GetValue(listOrder) == "start" ? ExecutionListOrder.ByStart : ExecutionListOrder.Aws);
            }
            catch (WorldFileException e)
            {
                await Console.Error.WriteLineAsync($"error: {e.Message}");
                return ExitCodes.Usage;
            }

            // Operator summary on stderr (stdout carries only the URL line); the secret is never printed.
            await Console.Error.WriteLineAsync(
                $"world {r.GetValue(world)!.Name} ({Describe(simulated)}), seed {r.GetValue(seed)}, now {simulated.Now:yyyy-MM-ddTHH:mm:ssZ}; quotas {r.GetValue(quotas)} (neighbour share {options.NeighbourShare}); "
                + $"faults throttle={options.ThrottleRate} error={options.ErrorRate} reset={options.ResetRate} "
                + $"truncate={options.TruncateRate} latency={options.Latency.TotalMilliseconds}ms; token TTL {options.TokenTtl.TotalSeconds}s; "
                + (options.Credentials is { } known ? $"SigV4 verified for {known.AccessKeyId}" : "SigV4 required, not verified"));
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
            {
                context.Cancel = true;
                stop.Cancel();
            });
            try
            {
                await EmulatorRunner.RunAsync(simulated, options, Console.Out, stop.Token);
                return ExitCodes.Ok;
            }
            catch (IOException e)
            {
                await Console.Error.WriteLineAsync($"error: cannot listen on {options.BindAddress}:{options.Port}: {e.Message}");
                return ExitCodes.Fatal;
            }
        });
        return command;
    }

    /// <summary>The one place the CLI builds a world (the simulator's loader): one account, or several.</summary>
    private static Organisation LoadWorld(string path, long seed, DateTimeOffset? now, ExecutionListOrder listOrder) =>
        WorldLoader.LoadOrganisation(path, seed, now, listOrder);

    private static string Describe(Organisation organisation) => organisation.IsMultiAccount
        ? $"{organisation.Accounts.Count} accounts, {organisation.Units.Count} account-regions; STS AssumeRole into their roles"
        : $"account {organisation.HomeAccount.AccountId}";

    private static Option<double> Rate(string name, string description) =>
        new Option<double>(name) { Description = description + " (0..1)", DefaultValueFactory = _ => 0 }.Probability();

    private static DateTimeOffset? ParseNow(string? value) =>
        value is null ? null
        : DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed)
            ? parsed
            : throw new ArgumentException($"--now must be an ISO-8601 timestamp, got '{value}'");
}
