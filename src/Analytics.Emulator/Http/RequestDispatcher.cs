using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Analytics.Emulator.Faults;
using Analytics.Emulator.Http.Auth;
using Analytics.Emulator.Http.Logs;
using Analytics.Emulator.Http.Paging;
using Analytics.Emulator.Http.Sts;
using Analytics.Emulator.Quotas;
using Analytics.Emulator.World;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Analytics.Emulator.Http;

/// <summary>
/// Every request's way through the endpoint: which protocol it speaks, SigV4 check, which operation, quota,
/// injected faults, the operation itself, and the answer (possibly cut short). One small method per step.
/// </summary>
internal sealed partial class RequestDispatcher
{
    private const int MaxBodyBytes = 1 << 20;

    // Like AWS (and `world pages`): raw UTF-8, only what JSON requires escaped.
    private static readonly JsonWriterOptions s_writerOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly EmulatorOptions _options;
    private readonly Organisation _organisation;
    private readonly UnitServices _units;
    private readonly StsApi _sts;
    private readonly SigV4Verifier _verifier;
    private readonly FaultInjector _faults;

    public RequestDispatcher(Organisation organisation, EmulatorOptions options)
    {
        _options = options;
        _organisation = organisation;
        _units = new UnitServices(options, new PageTokenCodec(options.Seed, options.TokenTtl, options.Clock));
        var sessions = new SessionStore(options.Clock);
        _sts = new StsApi(organisation, sessions);
        // A single-account world answers for its own region only when signatures are verified (as before);
        // a multi-account one serves every region.
        _verifier = new SigV4Verifier(options.Credentials, organisation.IsMultiAccount ? null : organisation.Units[0].Region, options.Clock, sessions);
        _faults = new FaultInjector(options.Seed, options.ResetRate, options.ThrottleRate, options.ErrorRate, options.TruncateRate);
    }

    public async Task HandleAsync(HttpContext context)
    {
        var ct = context.RequestAborted;
        var (rawPath, rawQuery) = RawTarget(context);
        var service = ServiceOf(context.Request, rawPath, rawQuery);
        context.Response.Headers["x-amzn-RequestId"] = Guid.NewGuid().ToString();
        if (_options.Latency > TimeSpan.Zero)
        {
            await Task.Delay(_options.Latency, ct).ConfigureAwait(false);
        }

        byte[] body;
        try
        {
            body = await ReadBodyAsync(context.Request, ct).ConfigureAwait(false);
        }
        catch (ApiException error)
        {
            await ErrorWriter.WriteAsync(context.Response, service, error, ct).ConfigureAwait(false);
            return;
        }

        var buffer = new ArrayBufferWriter<byte>(4096);
        try
        {
            var request = context.Request;
            var authError = _verifier.Check(service, new SignedRequest(request.Method, rawPath, rawQuery,
                name => request.Headers.TryGetValue(name, out var values) ? string.Join(',', values.ToArray()) : null, body),
                out var signedBy, out var session);
            if (authError is not null)
            {
                throw authError;
            }
            var account = session?.Account ?? _organisation.HomeAccount;
            if (service == ApiService.Sts)
            {
                var answer = _sts.Invoke(StsApi.Parameters(rawQuery, body), account, session?.AssumedRoleArn ?? StaticPrincipal(account),
                    context.Response.Headers["x-amzn-RequestId"].ToString());
                await StsXml.WriteAsync(context.Response, 200, answer, ct).ConfigureAwait(false);
                return;
            }
            var apis = _units.For(_organisation.Route(account.AccountId, signedBy!.Region)!);
            var call = Resolve(service, apis, request, rawPath, rawQuery);
            CheckNotDenied(apis.Unit, service, call.Operation, session?.AssumedRoleArn ?? StaticPrincipal(account));
            Admit(apis.Quotas, service, call.Operation);

            var fault = _faults.Next();
            switch (fault.Kind)
            {
                case FaultKind.Reset:
                    context.Abort();
                    return;
                case FaultKind.Throttle:
                    throw Throttled(service, TimeSpan.FromSeconds(1));
                case FaultKind.ServerError:
                    throw ServerError(service, "An internal error occurred (injected fault).");
            }

            using (var json = new Utf8JsonWriter(buffer, s_writerOptions))
            {
                call.Invoke(body, json);
            }
            await WriteSuccessAsync(context.Response, service, buffer, fault, ct).ConfigureAwait(false);
        }
        catch (ApiException error)
        {
            await ErrorWriter.WriteAsync(context.Response, service, error, ct).ConfigureAwait(false);
        }
        catch (Exception error) when (error is not OperationCanceledException && !context.Response.HasStarted)
        {
            // A bug in the world or here: answer like AWS does, never with the payload or a stack trace.
            await ErrorWriter.WriteAsync(context.Response, service, ServerError(service, "Internal failure."), ct)
                .ConfigureAwait(false);
        }
    }

    /// <summary>The path and query exactly as sent (Kestrel's decoded Path would lose `%2F` inside labels).</summary>
    private static (string Path, string Query) RawTarget(HttpContext context)
    {
        var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.Value ?? "/";
        var question = target.IndexOf('?', StringComparison.Ordinal);
        return question < 0 ? (target, "") : (target[..question], target[(question + 1)..]);
    }

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            throw new ApiException("RequestEntityTooLargeException", 413, "Request entity too large");
        }
        using var memory = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct).ConfigureAwait(false)) > 0)
        {
            if (memory.Length + read > MaxBodyBytes)
            {
                throw new ApiException("RequestEntityTooLargeException", 413, "Request entity too large");
            }
            memory.Write(chunk, 0, read);
        }
        return memory.ToArray();
    }

    private static void Admit(QuotaBook quotas, ApiService service, string operation)
    {
        if (!quotas.TryAcquire(service.SigningName(), operation, out var retryAfter))
        {
            throw Throttled(service, retryAfter);
        }
    }

    private static ApiException Throttled(ApiService service, TimeSpan retryAfter) => service != ApiService.Lambda
        ? new ApiException("ThrottlingException", 400, "Rate exceeded")
        : new ApiException("TooManyRequestsException", 429, "Rate exceeded")
        {
            RetryAfterSeconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)),
            Members = new Dictionary<string, string> { ["Reason"] = "CallerRateLimitExceeded" },
        };

    private static ApiException ServerError(ApiService service, string message) => service switch
    {
        ApiService.StepFunctions => new ApiException("InternalFailure", 500, message),
        ApiService.Logs => new ApiException("ServiceUnavailableException", 500, message),
        _ => new ApiException("ServiceException", 500, message) { CapitalMessage = true },
    };

    private static async Task WriteSuccessAsync(HttpResponse response, ApiService service, ArrayBufferWriter<byte> buffer,
        Fault fault, CancellationToken ct)
    {
        response.StatusCode = 200;
        response.ContentType = service switch
        {
            ApiService.StepFunctions => "application/x-amz-json-1.0",
            ApiService.Logs => "application/x-amz-json-1.1",
            _ => "application/json",
        };
        var bytes = buffer.WrittenMemory;
        if (fault.Kind == FaultKind.Truncate && bytes.Length > 1)
        {
            // A well-formed HTTP 200 whose JSON stops mid-way: the length header matches what is sent.
            bytes = bytes[..Math.Clamp((int)(bytes.Length * fault.CutFraction), 1, bytes.Length - 1)];
        }
        response.ContentLength = bytes.Length;
        await response.Body.WriteAsync(bytes, ct).ConfigureAwait(false);
    }
}
