using System.Text.Json.Serialization;
using Analytics.Aws.Json;
using Analytics.Aws.Lambda.Model;

namespace Analytics.Aws.Lambda;

/// <summary>
/// The one serializer context for Lambda (restJson1): PascalCase members as on the wire, epoch-second timestamps,
/// required members (non-nullable constructor parameters) enforced. Lambda read requests travel in the path and
/// query, so only responses are listed.
/// </summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true,
    Converters = [typeof(EpochSecondsConverter)])]
[JsonSerializable(typeof(ListFunctionsResponse))]
[JsonSerializable(typeof(FunctionConfiguration))]
[JsonSerializable(typeof(ListFunctionEventInvokeConfigsResponse))]
[JsonSerializable(typeof(ListDurableExecutionsByFunctionResponse))]
[JsonSerializable(typeof(GetDurableExecutionResponse))]
internal sealed partial class LambdaJsonContext : JsonSerializerContext;
