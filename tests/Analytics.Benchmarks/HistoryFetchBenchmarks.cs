using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Analytics.Aws;
using Analytics.Aws.Credentials;
using Analytics.Aws.Diagnostics;
using Analytics.Aws.Lambda.Model;
using Analytics.Aws.Retry;
using Analytics.Aws.StepFunctions.Model;
using Analytics.Emulator.Http;
using Analytics.Emulator.World;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Analytics.Benchmarks;

/// <summary>
/// History pages fetched from the emulator (<c>--quotas none</c>) over loopback HTTP by our clients (signing, limiter
/// bookkeeping, retry executor, pooled body, token scan), against the baseline of a bare unsigned HttpClient POST/GET
/// of the same page read into a byte array, in the same run. Times and allocations are per page (16 pages per
/// invocation); pages/s = 1 / mean. The emulator runs in this process, so "Allocated" includes its share (the same
/// in every row): our client's own cost is the difference from the baseline.
/// </summary>
/// <remarks>
/// Runs in-process: the measured work is socket I/O and our client code, and rebuilding a boilerplate project on a
/// busy machine is the slow part of a run.
/// </remarks>
[MemoryDiagnoser]
[Config(typeof(InProcessConfig))]
public class HistoryFetchBenchmarks
{
    private EmulatorServer _server = null!;
    private AwsClientFactory _clients = null!;
    private HttpClient _bare = null!;
    private GetExecutionHistoryRequest _sfnRequest = null!;
    private GetDurableExecutionHistoryRequest _durableRequest = null!;
    private byte[] _sfnBody = null!;
    private Uri _durableUri = null!;

    /// <summary>Events per page asked for (the whole of the world's longest histories fits in one page).</summary>
    private const int PageSize = 1000;
    private const int PagesPerInvoke = 16;

    [GlobalSetup]
    public void Setup()
    {
        var world = LoadWorld();
        _server = EmulatorServer.StartAsync(world, new EmulatorOptions { Quotas = QuotaMode.None }).GetAwaiter().GetResult();
        _clients = new AwsClientFactory(
            new AwsClientOptions { Region = world.Region, EndpointUrl = _server.Url, RateLimits = RateLimitMode.None },
            new StaticCredentialsProvider(new AwsCredentials("AKIDBENCH", "bench-secret", null)),
            new AwsCallCounters());
        _bare = new HttpClient(new SocketsHttpHandler()) { BaseAddress = _server.Url };

        var execution = LongestHistory(world);
        _sfnRequest = new GetExecutionHistoryRequest(execution, MaxResults: PageSize, IncludeExecutionData: true);
        _sfnBody = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { executionArn = execution, maxResults = PageSize, includeExecutionData = true }));

        var durable = LongestDurableHistory(world);
        _durableRequest = new GetDurableExecutionHistoryRequest(durable, IncludeExecutionData: true, MaxItems: PageSize);
        Console.WriteLine($"// SFN page: {world.GetExecutionHistory(execution)!.Count} events; durable page: {world.GetDurableExecutionHistory(durable)!.Count} events");
        _durableUri = new Uri(_server.Url, $"/2025-12-01/durable-executions/{Uri.EscapeDataString(durable)}/history?IncludeExecutionData=true&MaxItems={PageSize}");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _bare.Dispose();
        _clients.Dispose();
        _server.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = PagesPerInvoke, Description = "SFN page: bare HttpClient POST (unsigned)")]
    public async Task<int> BareStepFunctionsPages()
    {
        var total = 0;
        for (var i = 0; i < PagesPerInvoke; i++)
        {
            total += await BareStepFunctionsPage();
        }

        return total;
    }

    private async Task<int> BareStepFunctionsPage()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/") { Content = new ByteArrayContent(_sfnBody) };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/x-amz-json-1.0");
        request.Headers.TryAddWithoutValidation("X-Amz-Target", "AWSStepFunctions.GetExecutionHistory");
        request.Headers.TryAddWithoutValidation("Authorization", "AWS4-HMAC-SHA256 Credential=AKIDBENCH/20261121/us-east-1/states/aws4_request, SignedHeaders=host, Signature=0");
        using var response = await _bare.SendAsync(request);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        return bytes.Length;
    }

    [Benchmark(OperationsPerInvoke = PagesPerInvoke, Description = "SFN page: StepFunctionsClient.GetExecutionHistoryAsync")]
    public async Task<int> OurStepFunctionsPages()
    {
        var total = 0;
        for (var i = 0; i < PagesPerInvoke; i++)
        {
            using var page = await _clients.StepFunctions.GetExecutionHistoryAsync(_sfnRequest);
            total += page.Json.Length;
        }

        return total;
    }

    [Benchmark(OperationsPerInvoke = PagesPerInvoke, Description = "Durable page: bare HttpClient GET (unsigned)")]
    public async Task<int> BareDurablePages()
    {
        var total = 0;
        for (var i = 0; i < PagesPerInvoke; i++)
        {
            total += await BareDurablePage();
        }

        return total;
    }

    private async Task<int> BareDurablePage()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, _durableUri);
        request.Headers.TryAddWithoutValidation("Authorization", "AWS4-HMAC-SHA256 Credential=AKIDBENCH/20261121/us-east-1/lambda/aws4_request, SignedHeaders=host, Signature=0");
        using var response = await _bare.SendAsync(request);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        return bytes.Length;
    }

    [Benchmark(OperationsPerInvoke = PagesPerInvoke, Description = "Durable page: LambdaClient.GetDurableExecutionHistoryAsync")]
    public async Task<int> OurDurablePages()
    {
        var total = 0;
        for (var i = 0; i < PagesPerInvoke; i++)
        {
            using var page = await _clients.Lambda.GetDurableExecutionHistoryAsync(_durableRequest);
            total += page.Json.Length;
        }

        return total;
    }

    private sealed class InProcessConfig : ManualConfig
    {
        public InProcessConfig()
        {
            AddJob(Job.Default
                .WithToolchain(InProcessEmitToolchain.Instance)
                .WithLaunchCount(1)
                .WithWarmupCount(3)
                .WithIterationCount(15));
        }
    }

    private static SimulatedWorld LoadWorld()
    {
        var path = Path.Combine(RepoRoot(), "sample-data", "worlds", "default.json");
        var node = JsonNode.Parse(File.ReadAllText(path), documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip })!;
        node["days"] = 3;
        return WorldLoader.LoadJson(node.ToJsonString(), path, seed: 42);
    }

    private static string LongestHistory(SimulatedWorld world)
    {
        var best = ("", 0);
        foreach (var sm in world.StateMachines.Where(s => s.Type == "STANDARD"))
        {
            var list = world.ListExecutions(sm.StateMachineArn);
            for (var i = 0; i < Math.Min(50, list.Count); i++)
            {
                var count = world.GetExecutionHistory(list[i].ExecutionArn)?.Count ?? 0;
                if (count > best.Item2)
                {
                    best = (list[i].ExecutionArn, count);
                }
            }
        }

        return best.Item1;
    }

    private static string LongestDurableHistory(SimulatedWorld world)
    {
        var best = ("", 0);
        foreach (var function in world.Functions.Where(f => f.DurableConfig is not null))
        {
            var list = world.ListDurableExecutions(function.FunctionName);
            for (var i = 0; i < Math.Min(50, list.Count); i++)
            {
                var count = world.GetDurableExecutionHistory(list[i].DurableExecutionArn)?.Count ?? 0;
                if (count > best.Item2)
                {
                    best = (list[i].DurableExecutionArn, count);
                }
            }
        }

        return best.Item1;
    }

    internal static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Analytics.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Cannot find the repository root (Analytics.sln) above " + AppContext.BaseDirectory);
    }
}
