using Analytics.Aws.Http;
using Analytics.Aws.Retry;

namespace Analytics.Aws.Tests.Retry;

public sealed class ErrorClassificationTests
{
    [Theory]
    [InlineData("ThrottlingException", 400, ErrorKind.Throttling)]
    [InlineData("TooManyRequestsException", 429, ErrorKind.Throttling)]
    [InlineData("Unknown", 429, ErrorKind.Throttling)]
    [InlineData("RequestLimitExceeded", 400, ErrorKind.Throttling)]
    [InlineData("ServiceException", 500, ErrorKind.Transient)]
    [InlineData("KMSAccessDeniedException", 502, ErrorKind.Transient)]
    [InlineData("Unknown", 503, ErrorKind.Transient)]
    [InlineData("RequestTimeoutException", 400, ErrorKind.Transient)]
    [InlineData("ResourceNotFoundException", 404, ErrorKind.NonRetryable)]
    [InlineData("ExecutionDoesNotExist", 400, ErrorKind.NonRetryable)]
    [InlineData("InvalidToken", 400, ErrorKind.NonRetryable)]
    [InlineData("Unknown", 501, ErrorKind.NonRetryable)]
    public void Codes_and_statuses_are_classified_like_the_SDK(string code, int status, ErrorKind expected)
    {
        Assert.Equal(expected, ErrorClassifier.Classify(code, status));
    }

    [Theory]
    [InlineData("com.amazonaws.swf.service.v2.model#ExecutionDoesNotExist", "ExecutionDoesNotExist")]
    [InlineData("ExecutionDoesNotExist", "ExecutionDoesNotExist")]
    [InlineData("ResourceNotFoundException:http://internal.amazon.com/coral/com.amazonaws.lambda/", "ResourceNotFoundException")]
    [InlineData("ThrottlingException,Rate exceeded", "ThrottlingException")]
    [InlineData("  ", "Unknown")]
    public void Error_codes_are_cleaned_of_namespace_and_suffix(string raw, string expected)
    {
        Assert.Equal(expected, ErrorResponseParser.Clean(raw));
    }
}
