using Analytics.Aws.Credentials;

namespace Analytics.Aws.Tests.Credentials;

[Collection(nameof(ProcessEnvironmentCollection))]
public sealed class CredentialsResolutionTests
{
    [Fact]
    public async Task Default_chain_reads_keys_from_environment_variables()
    {
        using var env = new AwsEnvironment();
        AwsEnvironment.Set("AWS_ACCESS_KEY_ID", "AKIAENVEXAMPLE");
        AwsEnvironment.Set("AWS_SECRET_ACCESS_KEY", "env-secret");
        AwsEnvironment.Set("AWS_SESSION_TOKEN", "env-token");

        var credentials = await SdkCredentialsProvider.Resolve(profile: null).GetCredentialsAsync(CancellationToken.None);

        Assert.Equal(new AwsCredentials("AKIAENVEXAMPLE", "env-secret", "env-token"), credentials);
    }

    [Fact]
    public async Task Named_profile_reads_static_keys_from_the_shared_credentials_file()
    {
        using var env = new AwsEnvironment(
            credentialsFile: "[default]\naws_access_key_id = AKIADEFAULT\naws_secret_access_key = default-secret\n\n"
                + "[analytics-ro]\naws_access_key_id = AKIAPROFILE\naws_secret_access_key = profile-secret\n");

        var credentials = await SdkCredentialsProvider.Resolve("analytics-ro").GetCredentialsAsync(CancellationToken.None);

        Assert.Equal(new AwsCredentials("AKIAPROFILE", "profile-secret", null), credentials);
    }

    [Fact]
    public async Task Credential_process_profile_runs_the_process_and_uses_its_keys()
    {
        using var env = new AwsEnvironment();
        var script = Path.Combine(env.Home, "print-credentials.sh");
        var expiration = DateTimeOffset.UtcNow.AddHours(1).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        File.WriteAllText(script,
            "#!/bin/sh\n"
            + "cat <<'JSON'\n"
            + $"{{\"Version\": 1, \"AccessKeyId\": \"ASIAPROCESS\", \"SecretAccessKey\": \"process-secret\", \"SessionToken\": \"process-token\", \"Expiration\": \"{expiration}\"}}\n"
            + "JSON\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        File.WriteAllText(env.ConfigPath, $"[profile from-process]\ncredential_process = {script}\nregion = eu-north-1\n");

        var credentials = await SdkCredentialsProvider.Resolve("from-process").GetCredentialsAsync(CancellationToken.None);

        Assert.Equal(new AwsCredentials("ASIAPROCESS", "process-secret", "process-token"), credentials);
        Assert.Equal("eu-north-1", RegionResolver.Resolve(null, "from-process"));
    }

    [Fact]
    public void Unknown_profile_is_a_configuration_error_that_names_it()
    {
        using var env = new AwsEnvironment(credentialsFile: "[other]\naws_access_key_id = A\naws_secret_access_key = B\n");

        var error = Assert.Throws<AwsConfigurationException>(() => SdkCredentialsProvider.Resolve("missing-profile"));

        Assert.Contains("missing-profile", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Credentials_never_print_their_secret()
    {
        var text = new AwsCredentials("AKIA1", "very-secret", "very-token").ToString();

        Assert.Contains("AKIA1", text, StringComparison.Ordinal);
        Assert.DoesNotContain("very-secret", text, StringComparison.Ordinal);
        Assert.DoesNotContain("very-token", text, StringComparison.Ordinal);
    }
}
