namespace Analytics.Emulator.Http.Logs;

/// <summary>The CloudWatch Logs errors (awsJson1_1: HTTP 400 + bare `__type`; aws-wire-facts-logs §3).</summary>
internal static class LogsErrors
{
    public const string Target = "Logs_20140328.";

    public static ApiException InvalidParameter(string message) => new("InvalidParameterException", 400, message);

    public static ApiException LogGroupNotFound() => new("ResourceNotFoundException", 400, "The specified log group does not exist.");

    public static ApiException QueryNotFound(string queryId) => new("ResourceNotFoundException", 400, $"Query does not exist: {queryId}");

    public static ApiException MalformedQuery(string message) => new("MalformedQueryException", 400, message);

    public static ApiException LimitExceeded(string message) => new("LimitExceededException", 400, message);

    public static ApiException Serialization(string message) => new("SerializationException", 400, message);

    public static ApiException UnknownOperation(string? target) =>
        new("UnknownOperationException", 400, target is null ? "Missing X-Amz-Target header" : $"Unknown operation: '{target}'");

    public static ApiException Validation(string member, string constraint, object? value) =>
        InvalidParameter($"1 validation error detected: Value '{value}' at '{member}' failed to satisfy constraint: {constraint}");
}
