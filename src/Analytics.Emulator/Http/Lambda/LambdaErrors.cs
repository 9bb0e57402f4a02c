namespace Analytics.Emulator.Http.Lambda;

/// <summary>The Lambda errors the endpoint answers with (status and `message`/`Message` casing per the SDK model).</summary>
internal static class LambdaErrors
{
    public static ApiException InvalidParameter(string message) => new("InvalidParameterValueException", 400, message);

    public static ApiException FunctionNotFound(string name) =>
        new("ResourceNotFoundException", 404, $"Function not found: {name}") { CapitalMessage = true };

    public static ApiException ResourceNotFound(string message) =>
        new("ResourceNotFoundException", 404, message) { CapitalMessage = true };

    public static ApiException UnknownOperation(string method, string path) =>
        new("UnknownOperationException", 404, $"Unknown operation: {method} {path}") { CapitalMessage = true };
}
