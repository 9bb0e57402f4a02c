using System.Text.Json;
using Analytics.Emulator.Http.Lambda;
using Analytics.Emulator.Http.Logs;
using Analytics.Emulator.Http.StepFunctions;
using Microsoft.AspNetCore.Http;

namespace Analytics.Emulator.Http;

internal sealed partial class RequestDispatcher
{
    private const string TargetPrefix = "AWSStepFunctions.";

    /// <summary>An operation resolved from the request, ready to run against its body.</summary>
    private sealed record ResolvedCall(string Operation, Action<byte[], Utf8JsonWriter> Invoke);

    /// <summary>
    /// Lambda on its versioned paths; on `/`, CloudWatch Logs by its X-Amz-Target, STS when the body is a form (Query
    /// protocol) and Step Functions otherwise (its errors name what is missing).
    /// </summary>
    private static ApiService ServiceOf(HttpRequest request, string rawPath, string rawQuery) =>
        rawPath != "/" ? ApiService.Lambda
        : request.Headers["X-Amz-Target"].ToString().StartsWith(LogsErrors.Target, StringComparison.Ordinal) ? ApiService.Logs
        : !request.Headers.ContainsKey("X-Amz-Target")
            && ((request.ContentType ?? "").StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase)
                || (request.Method == "GET" && rawQuery.Contains("Action=", StringComparison.Ordinal))) ? ApiService.Sts
        : ApiService.StepFunctions;

    private static ResolvedCall Resolve(ApiService service, UnitApis apis, HttpRequest request, string rawPath, string rawQuery) => service switch
    {
        ApiService.StepFunctions => ResolveStepFunctions(request, apis.StepFunctions),
        ApiService.Logs => ResolveLogs(request, apis.Logs),
        _ => ResolveLambda(request, rawPath, rawQuery, apis.Lambda),
    };

    private static ResolvedCall ResolveStepFunctions(HttpRequest request, StepFunctionsApi stepFunctions)
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
        return JsonBodyCall(operation, SfnErrors.Serialization, (document, output) => stepFunctions.Invoke(operation, SfnInput.Parse(document), output));
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

    private static ResolvedCall ResolveLambda(HttpRequest request, string rawPath, string rawQuery, LambdaApi lambda)
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
        return new ResolvedCall(route.Operation, (_, output) => lambda.Invoke(route, parsed, output));
    }
}
