using System.Text.Json.Serialization;
using Analytics.Aws.Logs.Model;

namespace Analytics.Aws.Logs;

/// <summary>
/// The one serializer context for CloudWatch Logs (awsJson1_1): camelCase members, absent optionals omitted, required
/// members enforced. Timestamps are plain epoch numbers (milliseconds, except StartQuery's seconds), so no converter.
/// FilterLogEvents responses are not deserialized: <see cref="LogEventsPage"/> reads their bytes.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(FilterLogEventsRequest))]
[JsonSerializable(typeof(DescribeLogGroupsRequest))]
[JsonSerializable(typeof(DescribeLogGroupsResponse))]
[JsonSerializable(typeof(StartQueryRequest))]
[JsonSerializable(typeof(StartQueryResponse))]
[JsonSerializable(typeof(GetQueryResultsRequest))]
[JsonSerializable(typeof(GetQueryResultsResponse))]
[JsonSerializable(typeof(StopQueryRequest))]
[JsonSerializable(typeof(StopQueryResponse))]
internal sealed partial class LogsJsonContext : JsonSerializerContext;
