using Analytics.Emulator.Http.Logs;
using Microsoft.AspNetCore.Http;

namespace Analytics.Emulator.Http;

internal sealed partial class RequestDispatcher
{
    private static ResolvedCall ResolveLogs(HttpRequest request, LogsApi logs)
    {
        var target = request.Headers["X-Amz-Target"].ToString();
        var operation = target[LogsErrors.Target.Length..];
        if (request.Method != "POST" || !LogsApi.Operations.Contains(operation))
        {
            throw LogsErrors.UnknownOperation(target);
        }
        var contentType = request.ContentType ?? "";
        if (!contentType.StartsWith("application/x-amz-json-1.1", StringComparison.OrdinalIgnoreCase))
        {
            throw LogsErrors.Serialization($"Content-Type must be application/x-amz-json-1.1, got '{contentType}'");
        }
        return JsonBodyCall(operation, LogsErrors.Serialization, (document, output) => logs.Invoke(operation, LogsInput.Parse(document), output));
    }
}
