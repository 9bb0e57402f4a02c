namespace Analytics.Emulator.Http;

/// <summary>Which wire protocol a request arrived on (decides the error shape).</summary>
public enum ApiService
{
    StepFunctions,
    Lambda,

    /// <summary>CloudWatch Logs (awsJson1_1, `POST /` with `X-Amz-Target: Logs_20140328.*`).</summary>
    Logs,

    /// <summary>STS over the Query protocol (XML answers).</summary>
    Sts,
}

internal static class ApiServiceNames
{
    /// <summary>The SigV4 service name and quota prefix.</summary>
    public static string SigningName(this ApiService service) => service switch
    {
        ApiService.StepFunctions => "states",
        ApiService.Logs => "logs",
        ApiService.Sts => "sts",
        _ => "lambda",
    };
}

/// <summary>
/// An AWS error answer: the error code the SDKs resolve, the HTTP status, and the message. Thrown by the API
/// handlers and rendered by <see cref="ErrorWriter"/> in the shape of the request's protocol.
/// </summary>
public sealed class ApiException : Exception
{
    public ApiException(string code, int status, string message)
        : base(message)
    {
        Code = code;
        Status = status;
    }

    /// <summary>The bare error code (`InvalidToken`, `ResourceNotFoundException`).</summary>
    public string Code { get; }

    public int Status { get; }

    /// <summary>Lambda `Type` member: `User` for caller errors, `Service` for ours.</summary>
    public string LambdaType => Status >= 500 ? "Service" : "User";

    /// <summary>Extra string members of the error body (`reason`, `resourceName`, `Reason`).</summary>
    public IReadOnlyDictionary<string, string>? Members { get; init; }

    /// <summary>Seconds for a `Retry-After` header (Lambda throttling).</summary>
    public int? RetryAfterSeconds { get; init; }

    /// <summary>Lambda uses `Message` for some errors and `message` for others (per the SDK model).</summary>
    public bool CapitalMessage { get; init; }
}
