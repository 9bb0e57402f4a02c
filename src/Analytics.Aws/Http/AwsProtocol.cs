namespace Analytics.Aws.Http;

/// <summary>The wire protocols, which differ in where an error response puts its code.</summary>
public enum AwsProtocol
{
    /// <summary>Step Functions: body <c>__type</c>, then body <c>code</c>, then header <c>X-Amzn-ErrorType</c>.</summary>
    AwsJson10,

    /// <summary>CloudWatch Logs: read like awsJson1_0 (body <c>__type</c> first).</summary>
    AwsJson11,

    /// <summary>Lambda: header <c>X-Amzn-ErrorType</c>, then body <c>code</c>, then body <c>__type</c>.</summary>
    RestJson1,
}
