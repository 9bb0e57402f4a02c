using Analytics.Aws.Credentials;
using Analytics.Aws.Http;

namespace Analytics.Aws.Tests.Credentials;

[Collection(nameof(ProcessEnvironmentCollection))]
public sealed class RegionAndEndpointTests
{
    private const string Config = "[default]\nregion = ap-south-1\n\n[profile eu]\nregion = eu-central-1\n";

    [Fact]
    public void Explicit_region_wins_over_environment_and_profile()
    {
        using var env = new AwsEnvironment(configFile: Config);
        AwsEnvironment.Set("AWS_REGION", "us-west-2");

        Assert.Equal("sa-east-1", RegionResolver.Resolve("sa-east-1", "eu"));
    }

    [Fact]
    public void AWS_REGION_wins_over_AWS_DEFAULT_REGION_and_the_profile()
    {
        using var env = new AwsEnvironment(configFile: Config);
        AwsEnvironment.Set("AWS_REGION", "us-west-2");
        AwsEnvironment.Set("AWS_DEFAULT_REGION", "us-east-2");

        Assert.Equal("us-west-2", RegionResolver.Resolve(null, "eu"));
    }

    [Fact]
    public void Region_comes_from_the_named_profile_then_the_default_profile()
    {
        using var env = new AwsEnvironment(configFile: Config);

        Assert.Equal("eu-central-1", RegionResolver.Resolve(null, "eu"));
        Assert.Equal("ap-south-1", RegionResolver.Resolve(null, null));
    }

    [Fact]
    public void Missing_region_is_a_configuration_error()
    {
        using var env = new AwsEnvironment();

        var error = Assert.Throws<AwsConfigurationException>(() => RegionResolver.Resolve(null, null));

        Assert.Contains("--region", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Endpoint_url_serves_both_services_like_the_AWS_CLI()
    {
        using var env = new AwsEnvironment();
        var emulator = new Uri("http://127.0.0.1:4566");

        Assert.Equal(emulator, EndpointResolver.Resolve(emulator, "SFN", "states", "us-east-1"));
        Assert.Equal(emulator, EndpointResolver.Resolve(emulator, "LAMBDA", "lambda", "us-east-1"));
    }

    [Fact]
    public void Service_specific_endpoint_variable_beats_the_general_one_and_defaults_are_regional()
    {
        using var env = new AwsEnvironment();
        AwsEnvironment.Set("AWS_ENDPOINT_URL", "http://localhost:9000");
        AwsEnvironment.Set("AWS_ENDPOINT_URL_SFN", "http://localhost:9001");

        Assert.Equal(new Uri("http://localhost:9001"), EndpointResolver.Resolve(null, "SFN", "states", "eu-west-1"));
        Assert.Equal(new Uri("http://localhost:9000"), EndpointResolver.Resolve(null, "LAMBDA", "lambda", "eu-west-1"));
        AwsEnvironment.Set("AWS_ENDPOINT_URL", null);
        AwsEnvironment.Set("AWS_ENDPOINT_URL_SFN", null);
        Assert.Equal(new Uri("https://lambda.eu-west-1.amazonaws.com/"), EndpointResolver.Resolve(null, "LAMBDA", "lambda", "eu-west-1"));
        Assert.Equal(new Uri("https://states.cn-north-1.amazonaws.com.cn/"), EndpointResolver.Resolve(null, "SFN", "states", "cn-north-1"));
    }

    [Fact]
    public void Endpoint_url_that_is_not_http_is_rejected()
    {
        var error = Assert.Throws<AwsConfigurationException>(() => EndpointResolver.Resolve(new Uri("ftp://example.test/"), "SFN", "states", "us-east-1"));

        Assert.Contains("--endpoint-url", error.Message, StringComparison.Ordinal);
    }
}
