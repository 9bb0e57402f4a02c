using System.Reflection;
using Analytics.Aws.Lambda;
using Analytics.Aws.Logs;
using Analytics.Aws.StepFunctions;

namespace Analytics.Aws.Tests;

public sealed class ReadOnlySurfaceTests
{
    [Theory]
    [InlineData(typeof(StepFunctionsClient), "states")]
    [InlineData(typeof(LambdaClient), "lambda")]
    [InlineData(typeof(LogsClient), "logs")]
    public void Every_client_API_is_a_listed_read_action(Type client, string prefix)
    {
        var apis = client.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Where(m => m.Name.EndsWith("Async", StringComparison.Ordinal))
            .Select(m => prefix + ":" + m.Name[..^"Async".Length])
            .ToHashSet();

        var listed = AwsReadApis.IamActions.Where(a => a.StartsWith(prefix + ":", StringComparison.Ordinal)).ToHashSet();
        Assert.Equal(listed.Order(), apis.Order());
        // IAM's access level for logs:StartQuery and logs:StopQuery is Read too: they run and stop an Insights query.
        Assert.All(apis, api => Assert.Matches("^((states|lambda|logs):(List|Describe|Get)[A-Za-z]+|logs:(FilterLogEvents|StartQuery|StopQuery))$", api));
    }
}
