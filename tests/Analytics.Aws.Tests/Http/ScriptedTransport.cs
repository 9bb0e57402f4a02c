using System.Collections.Concurrent;
using System.Net;
using System.Text;

namespace Analytics.Aws.Tests.Http;

/// <summary>
/// The innermost HTTP handler for retry-decision tests: answers each request with the next scripted AWS response
/// (real AWS cannot run here) and records what the client sent. End-to-end behaviour over real HTTP is covered by
/// the emulator tests.
/// </summary>
internal sealed class ScriptedTransport : HttpMessageHandler
{
    private readonly ConcurrentQueue<Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>>> _script = new();

    public List<SentRequest> Sent { get; } = [];

    public ScriptedTransport Respond(HttpStatusCode status, string body, params (string Name, string Value)[] headers)
    {
        _script.Enqueue((_, _) =>
        {
            var response = new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            foreach (var (name, value) in headers)
            {
                response.Headers.TryAddWithoutValidation(name, value);
            }

            return Task.FromResult(response);
        });
        return this;
    }

    public ScriptedTransport Throw(Exception error)
    {
        _script.Enqueue((_, _) => Task.FromException<HttpResponseMessage>(error));
        return this;
    }

    public ScriptedTransport Hang()
    {
        _script.Enqueue(async (_, ct) =>
        {
            await Task.Delay(Timeout.Infinite, ct);
            throw new InvalidOperationException("unreachable");
        });
        return this;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        lock (Sent)
        {
            Sent.Add(new SentRequest(
                request.Method.Method,
                request.RequestUri!.PathAndQuery,
                request.Headers.Concat(request.Content?.Headers ?? Enumerable.Empty<KeyValuePair<string, IEnumerable<string>>>())
                    .ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase),
                body));
        }

        if (!_script.TryDequeue(out var next))
        {
            throw new InvalidOperationException($"No scripted response left for {request.RequestUri}.");
        }

        return await next(request, cancellationToken);
    }

    public sealed record SentRequest(string Method, string PathAndQuery, IReadOnlyDictionary<string, string> Headers, string? Body);
}
