using System.Text.Json.Serialization;
using Analytics.Aws.Json;
using Analytics.Aws.StepFunctions.Model;

namespace Analytics.Aws.StepFunctions;

/// <summary>
/// The one serializer context for Step Functions (awsJson1_0): camelCase members, absent optionals omitted, epoch-second
/// timestamps, and required members (non-nullable constructor parameters) enforced.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true,
    Converters = [typeof(EpochSecondsConverter)])]
[JsonSerializable(typeof(ListStateMachinesRequest))]
[JsonSerializable(typeof(ListStateMachinesResponse))]
[JsonSerializable(typeof(DescribeStateMachineRequest))]
[JsonSerializable(typeof(DescribeStateMachineResponse))]
[JsonSerializable(typeof(DescribeStateMachineForExecutionRequest))]
[JsonSerializable(typeof(DescribeStateMachineForExecutionResponse))]
[JsonSerializable(typeof(ListExecutionsRequest))]
[JsonSerializable(typeof(ListExecutionsResponse))]
[JsonSerializable(typeof(DescribeExecutionRequest))]
[JsonSerializable(typeof(DescribeExecutionResponse))]
[JsonSerializable(typeof(GetExecutionHistoryRequest))]
[JsonSerializable(typeof(ListMapRunsRequest))]
[JsonSerializable(typeof(ListMapRunsResponse))]
[JsonSerializable(typeof(DescribeMapRunRequest))]
[JsonSerializable(typeof(DescribeMapRunResponse))]
internal sealed partial class StepFunctionsJsonContext : JsonSerializerContext;
