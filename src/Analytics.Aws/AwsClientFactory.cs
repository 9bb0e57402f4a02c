using Analytics.Aws.Credentials;
using Analytics.Aws.Diagnostics;
using Analytics.Aws.Http;
using Analytics.Aws.Lambda;
using Analytics.Aws.Logs;
using Analytics.Aws.Retry;
using Analytics.Aws.Signing;
using Analytics.Aws.StepFunctions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Analytics.Aws;

/// <summary>
/// Builds the three clients over one connection pool, one retry quota and one set of rate limiters, so every worker of
/// an export shares the same budgets. Dispose it to close the connections.
/// </summary>
public sealed class AwsClientFactory : IDisposable
{
    private readonly HttpMessageHandler _transport;
    private readonly HttpClient _statesHttp;
    private readonly HttpClient _lambdaHttp;
    private readonly HttpClient _logsHttp;

    /// <param name="credentials">Null: resolve from <see cref="AwsClientOptions.Profile"/> or the SDK's default chain.</param>
    /// <param name="time">Clock for signing, backoff and rate limiting (default <see cref="AwsClientOptions.Clock"/>).</param>
    /// <param name="random">Jitter source (tests pass a seeded one).</param>
    /// <param name="transport">The innermost HTTP handler (default: a pooled <see cref="SocketsHttpHandler"/>).</param>
    public AwsClientFactory(
        AwsClientOptions options,
        IAwsCredentialsProvider? credentials = null,
        IAwsCallObserver? observer = null,
        ILoggerFactory? loggerFactory = null,
        TimeProvider? time = null,
        Random? random = null,
        HttpMessageHandler? transport = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Retry.Validate();
        time ??= options.Clock;
        Region = RegionResolver.Resolve(options.Region, options.Profile);
        Credentials = credentials ?? SdkCredentialsProvider.Resolve(options.Profile);
        StepFunctionsEndpoint = EndpointResolver.Resolve(options.EndpointUrl, "SFN", "states", Region);
        LambdaEndpoint = EndpointResolver.Resolve(options.EndpointUrl, "LAMBDA", "lambda", Region);
        LogsEndpoint = EndpointResolver.Resolve(options.EndpointUrl, "CLOUDWATCH_LOGS", "logs", Region);
        Observer = observer ?? new AwsCallCounters();
        Limiters = new RateLimiterRegistry(options.RateLimits, options.MaxRequestsPerSecond, time);
        RetryQuota = new RetryQuota(options.Retry.QuotaCapacity);

        _transport = transport ?? new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            AutomaticDecompression = System.Net.DecompressionMethods.None,
            MaxConnectionsPerServer = 64,
        };
        _statesHttp = CreateHttpClient(new SigV4Signer(Credentials, Region, StepFunctionsClient.ServiceName, time));
        _lambdaHttp = CreateHttpClient(new SigV4Signer(Credentials, Region, LambdaClient.ServiceName, time));
        _logsHttp = CreateHttpClient(new SigV4Signer(Credentials, Region, LogsClient.ServiceName, time));

        var logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Analytics.Aws");
        random ??= Random.Shared;
        StepFunctions = new StepFunctionsClient(
            new AwsRequestExecutor(StepFunctionsClient.ServiceName, AwsProtocol.AwsJson10, _statesHttp, options.Retry, RetryQuota, random, time, Observer, logger),
            StepFunctionsEndpoint,
            Region,
            Limiters);
        Lambda = new LambdaClient(
            new AwsRequestExecutor(LambdaClient.ServiceName, AwsProtocol.RestJson1, _lambdaHttp, options.Retry, RetryQuota, random, time, Observer, logger),
            LambdaEndpoint,
            Limiters);
        Logs = new LogsClient(
            new AwsRequestExecutor(LogsClient.ServiceName, AwsProtocol.AwsJson11, _logsHttp, options.Retry, RetryQuota, random, time, Observer, logger),
            LogsEndpoint,
            Region,
            Limiters);
    }

    public string Region { get; }

    public Uri StepFunctionsEndpoint { get; }

    public Uri LambdaEndpoint { get; }

    public Uri LogsEndpoint { get; }

    public IAwsCredentialsProvider Credentials { get; }

    /// <summary>The call hooks (an <see cref="AwsCallCounters"/> unless one was passed in).</summary>
    public IAwsCallObserver Observer { get; }

    public RateLimiterRegistry Limiters { get; }

    public RetryQuota RetryQuota { get; }

    public StepFunctionsClient StepFunctions { get; }

    public LambdaClient Lambda { get; }

    public LogsClient Logs { get; }

    public void Dispose()
    {
        _statesHttp.Dispose();
        _lambdaHttp.Dispose();
        _logsHttp.Dispose();
        _transport.Dispose();
    }

    private HttpClient CreateHttpClient(IRequestSigner signer)
    {
        // The signing handler must not own the shared transport; the factory disposes it once.
        var signing = new SigningHandler(signer) { InnerHandler = new NonDisposingHandler(_transport) };
        var client = new HttpClient(signing, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
        client.DefaultRequestHeaders.UserAgent.ParseAdd("workflow-history-analytics/1.0");
        return client;
    }

    private sealed class NonDisposingHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        protected override void Dispose(bool disposing)
        {
            // Leave the shared inner handler alone.
        }
    }
}
