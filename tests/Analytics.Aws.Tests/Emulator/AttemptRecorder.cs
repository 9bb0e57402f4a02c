using System.Collections.Concurrent;

namespace Analytics.Aws.Tests.Emulator;

/// <summary>
/// Sits between our signing handler and the real socket handler and records the <c>amz-sdk-request</c> attempt
/// numbers the client sent, so a test can check the retry bound on the wire.
/// </summary>
internal sealed class AttemptRecorder() : DelegatingHandler(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(1) })
{
    public ConcurrentBag<int> Attempts { get; } = [];

    public int Requests => Attempts.Count;

    public int HighestAttempt => Attempts.IsEmpty ? 0 : Attempts.Max();

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var header = request.Headers.TryGetValues("amz-sdk-request", out var values) ? values.Single() : "attempt=0";
        var attempt = int.Parse(header.Split(';')[0]["attempt=".Length..], System.Globalization.CultureInfo.InvariantCulture);
        Attempts.Add(attempt);
        return base.SendAsync(request, cancellationToken);
    }
}
