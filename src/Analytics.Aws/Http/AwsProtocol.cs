namespace Analytics.Aws.Http;

/// <summary>The two wire protocols, which differ in where an error response puts its code.</summary>
public enum AwsProtocol
{
    /// <summary>Step Functions: body <c>__type</c>, then body <c>code</c>, then header <c>X-Amzn-ErrorType</c>.</summary>
    AwsJson10,

    /// <summary>Lambda: header <c>X-Amzn-ErrorType</c>, then body <c>code</c>, then body <c>__type</c>.</summary>
    RestJson1,
}
