namespace Analytics.Emulator.Http.StepFunctions;

/// <summary>The Step Functions errors the endpoint answers with (HTTP 400 + `__type`, as the API reference says).</summary>
internal static class SfnErrors
{
    public static ApiException InvalidArn(string arn, string why) =>
        new("InvalidArn", 400, $"Invalid Arn: '{why}: {arn}'");

    public static ApiException InvalidToken(string why) => new("InvalidToken", 400, $"Invalid Token: '{why}'");

    public static ApiException StateMachineDoesNotExist(string arn) =>
        new("StateMachineDoesNotExist", 400, $"State Machine Does Not Exist: '{arn}'");

    public static ApiException ExecutionDoesNotExist(string arn) =>
        new("ExecutionDoesNotExist", 400, $"Execution Does Not Exist: '{arn}'");

    public static ApiException ResourceNotFound(string arn) =>
        new("ResourceNotFound", 400, $"Resource not found: '{arn}'")
        {
            Members = new Dictionary<string, string> { ["resourceName"] = arn },
        };

    public static ApiException TypeNotSupported(string arn) =>
        new("StateMachineTypeNotSupported", 400, $"This operation is not supported by this type of state machine: '{arn}'");

    public static ApiException Validation(string message, string? reason = null) =>
        new("ValidationException", 400, message)
        {
            Members = reason is null ? null : new Dictionary<string, string> { ["reason"] = reason },
        };

    public static ApiException Serialization(string message) => new("SerializationException", 400, message);

    public static ApiException UnknownOperation(string? target) =>
        new("UnknownOperationException", 400, target is null ? "Missing X-Amz-Target header" : $"Unknown operation: '{target}'");

    /// <summary>The `__type` namespace real Step Functions puts in front of each code (SDKs strip it).</summary>
    public static string Namespace(string code) => code switch
    {
        "ThrottlingException" => "com.amazon.coral.availability#",
        "ValidationException" => "com.amazon.coral.validate#",
        "InvalidArn" or "InvalidToken" or "StateMachineDoesNotExist" or "ExecutionDoesNotExist" or "ResourceNotFound"
            or "StateMachineTypeNotSupported" or "InvalidName" => "com.amazonaws.swf.service.v2.model#",
        _ => "com.amazon.coral.service#",
    };
}
