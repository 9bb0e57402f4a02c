using System.Text.Json;
using Analytics.Emulator.Http.Lambda;
using Analytics.Emulator.Http.StepFunctions;
using Microsoft.AspNetCore.Http;

namespace Analytics.Emulator.Http;

internal sealed partial class RequestDispatcher
{
    private const string TargetPrefix = "AWSStepFunctions.";

    /// <summary>An operation resolved from the request, ready to run against its body.</summary>
    private sealed record ResolvedCall(string Operation, Action<byte[], Utf8JsonWriter> Invoke);

    private ResolvedCall Resolve(ApiService service, HttpRequest request, string rawPath, string rawQuery) => service switch
    {
        ApiService.StepFunctions => ResolveStepFunctions(request),
        ApiService.Logs => ResolveLogs(request),
        _ => ResolveLambda(request, rawPath, rawQuery),
    };

    private ResolvedCall ResolveStepFunctions(HttpRequest request)
    {
        var target = request.Headers["X-Amz-Target"].ToString();
        if (request.Method != "POST")
        {
            throw SfnErrors.UnknownOperation(target.Length == 0 ? null : target);
        }
        if (target.Length == 0)
        {
            throw SfnErrors.UnknownOperation(null);
        }
        var operation = target.StartsWith(TargetPrefix, StringComparison.Ordinal) ? target[TargetPrefix.Length..] : "";
        if (!StepFunctionsApi.Operations.Contains(operation))
        {
            throw SfnErrors.UnknownOperation(target);
        }
        var contentType = request.ContentType ?? "";
        if (!contentType.StartsWith("application/x-amz-json-1.0", StringComparison.OrdinalIgnoreCase))
        {
            throw SfnErrors.Serialization($"Content-Type must be application/x-amz-json-1.0, got '{contentType}'");
        }
        return JsonBodyCall(operation, SfnErrors.Serialization, (document, output) => _stepFunctions.Invoke(operation, SfnInput.Parse(document), output));
    }

    /// <summary>An awsJson call: the body parsed as JSON (an empty body is `{}`), else the protocol's serialization error.</summary>
    private static ResolvedCall JsonBodyCall(string operation, Func<string, ApiException> serializationError, Action<JsonDocument, Utf8JsonWriter> run) =>
        new(operation, (body, output) =>
        {
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(body.Length == 0 ? "{}"u8.ToArray() : body);
            }
            catch (JsonException)
            {
                throw serializationError("The request body is not valid JSON");
            }
            using (document)
            {
                run(document, output);
            }
        });

    private ResolvedCall ResolveLambda(HttpRequest request, string rawPath, string rawQuery)
    {
        LambdaRequest parsed;
        try
        {
            parsed = LambdaRequest.Parse(request.Method, rawPath, rawQuery);
        }
        catch (UriFormatException)
        {
            throw LambdaErrors.InvalidParameter("The request path or query is not correctly percent-encoded");
        }
        var route = (parsed.Segments.Count > 0 && LambdaApi.IsLambdaPath(parsed.Segments[0]) ? LambdaApi.Match(parsed) : null)
            ?? throw LambdaErrors.UnknownOperation(request.Method, rawPath);
        return new ResolvedCall(route.Operation, (_, output) => _lambda.Invoke(route, parsed, output));
    }
}
