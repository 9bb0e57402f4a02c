using System.Text.Json;
using Analytics.Emulator.Http.StepFunctions;
using Microsoft.AspNetCore.Http;

namespace Analytics.Emulator.Http;

/// <summary>Renders an <see cref="ApiException"/> exactly as each protocol carries errors (aws-wire-facts §2, §3).</summary>
internal static class ErrorWriter
{
    public static async Task WriteAsync(HttpResponse response, ApiService service, ApiException error, CancellationToken ct)
    {
        if (service == ApiService.Sts)
        {
            await Sts.StsXml.WriteErrorAsync(response, error, ct).ConfigureAwait(false);
            return;
        }
        response.StatusCode = error.Status;
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            if (service == ApiService.Logs)
            {
                // awsJson1_1: CloudWatch Logs sends the bare code in `__type`.
                response.ContentType = "application/x-amz-json-1.1";
                json.WriteString("__type", error.Code);
                json.WriteString("message", error.Message);
            }
            else if (service == ApiService.StepFunctions)
            {
                // awsJson1_0: the SDK reads the code from `__type` (namespace prefix optional).
                response.ContentType = "application/x-amz-json-1.0";
                json.WriteString("__type", SfnErrors.Namespace(error.Code) + error.Code);
                json.WriteString("message", error.Message);
            }
            else
            {
                // restJson1: the code travels in X-Amzn-ErrorType; `Type` is User/Service, not the code.
                response.ContentType = "application/json";
                response.Headers["X-Amzn-ErrorType"] = error.Code;
                json.WriteString("Type", error.LambdaType);
                json.WriteString(error.CapitalMessage ? "Message" : "message", error.Message);
            }
            if (error.Members is not null)
            {
                foreach (var (name, value) in error.Members)
                {
                    json.WriteString(name, value);
                }
            }
            json.WriteEndObject();
        }
        if (error.RetryAfterSeconds is { } seconds)
        {
            response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        response.ContentLength = buffer.WrittenCount;
        await response.Body.WriteAsync(buffer.WrittenMemory, ct).ConfigureAwait(false);
    }
}
