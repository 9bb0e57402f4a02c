using System.Collections.Concurrent;
using System.Net;
using Analytics.Aws.Credentials;
using Analytics.Aws.Diagnostics;
using Analytics.Aws.StepFunctions.Model;
using Microsoft.Extensions.Logging;

namespace Analytics.Aws.Tests.Http;

public sealed class LoggingTests
{
    [Fact]
    public async Task Debug_logs_name_api_status_and_attempts_but_never_secrets_signatures_or_payloads()
    {
        var transport = new ScriptedTransport()
            .Respond(HttpStatusCode.BadRequest, """{"__type":"ThrottlingException","message":"Rate exceeded"}""")
            .Respond(HttpStatusCode.OK, """{"executionArn":"arn:e","stateMachineArn":"arn:s","status":"SUCCEEDED","startDate":1.7E9,"input":"{\"card\":\"PAYLOAD-4111\"}"}""");
        var logs = new CollectingLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(logs));
        using var factory = new AwsClientFactory(
            new AwsClientOptions { Region = "us-east-1", EndpointUrl = new Uri("http://127.0.0.1:9"), RateLimits = Analytics.Aws.Retry.RateLimitMode.AwsQuotas },
            new StaticCredentialsProvider(new AwsCredentials("AKIDLOG", "SECRET-KEY-VALUE", "SESSION-TOKEN-VALUE")),
            new AwsCallCounters(),
            loggerFactory,
            new ManualTimeProvider(),
            new FixedRandom(0.5),
            transport);

        var described = await factory.StepFunctions.DescribeExecutionAsync(new DescribeExecutionRequest("arn:e", IncludedData: "ALL_DATA"));

        Assert.Contains("PAYLOAD-4111", described.Input, StringComparison.Ordinal);
        var text = string.Join("\n", logs.Messages);
        Assert.Contains("DescribeExecution", text, StringComparison.Ordinal);
        Assert.Contains("HTTP 400", text, StringComparison.Ordinal);
        Assert.Contains("ThrottlingException", text, StringComparison.Ordinal);
        Assert.Contains("attempt 2", text, StringComparison.Ordinal);
        foreach (var forbidden in new[] { "SECRET-KEY-VALUE", "SESSION-TOKEN-VALUE", "Signature=", "PAYLOAD-4111", "AWS4-HMAC-SHA256" })
        {
            Assert.DoesNotContain(forbidden, text, StringComparison.Ordinal);
        }
    }

    private sealed class CollectingLoggerProvider : ILoggerProvider
    {
        public ConcurrentQueue<string> Messages { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Collecting(Messages);

        public void Dispose()
        {
        }

        private sealed class Collecting(ConcurrentQueue<string> messages) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                messages.Enqueue($"{logLevel} {eventId.Id} {formatter(state, exception)} {exception}");
        }
    }
}
