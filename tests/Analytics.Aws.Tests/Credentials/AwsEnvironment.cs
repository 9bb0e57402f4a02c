namespace Analytics.Aws.Tests.Credentials;

/// <summary>
/// A temporary HOME with its own AWS config and credentials files, and a clean AWS_* environment, restored on
/// dispose. Tests using it run in the non-parallel <see cref="ProcessEnvironmentCollection"/>.
/// </summary>
/// <remarks>
/// AWSSDK.Core caches the shared-file locations per process on first use, so the temporary HOME and the two file
/// variables are set once for the whole test run, by a module initializer: before any test (of any class) touches the
/// SDK, which since AWSSDK.Core 4.0.100 other tests do (the S3 client), fixing the locations at the real HOME's files.
/// Each test writes the file contents it needs.
/// </remarks>
internal sealed class AwsEnvironment : IDisposable
{
    private static readonly string[] s_variables =
    [
        "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_DEFAULT_PROFILE",
        "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_SFN", "AWS_ENDPOINT_URL_LAMBDA",
        "AWS_EC2_METADATA_DISABLED", "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_ROLE_ARN",
        "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_CREDENTIALS_FULL_URI",
    ];

    private static readonly Lazy<string> s_home = new(CreateHome);

    [System.Runtime.CompilerServices.ModuleInitializer]
    internal static void SetUpBeforeAnyTest() => _ = s_home.Value;

    private readonly Dictionary<string, string?> _saved = s_variables.ToDictionary(v => v, Environment.GetEnvironmentVariable);

    public AwsEnvironment(string credentialsFile = "", string configFile = "")
    {
        Home = s_home.Value;
        foreach (var variable in s_variables)
        {
            Environment.SetEnvironmentVariable(variable, null);
        }

        File.WriteAllText(CredentialsPath, credentialsFile);
        File.WriteAllText(ConfigPath, configFile);
        // Never wait on the instance metadata service from a test.
        Set("AWS_EC2_METADATA_DISABLED", "true");
    }

    public string Home { get; }

    public string CredentialsPath => Path.Combine(Home, ".aws", "credentials");

    public string ConfigPath => Path.Combine(Home, ".aws", "config");

    public static void Set(string variable, string? value) => Environment.SetEnvironmentVariable(variable, value);

    public void Dispose()
    {
        foreach (var (variable, value) in _saved)
        {
            Environment.SetEnvironmentVariable(variable, value);
        }

        File.WriteAllText(CredentialsPath, "");
        File.WriteAllText(ConfigPath, "");
    }

    private static string CreateHome()
    {
        var home = Directory.CreateTempSubdirectory("aws-home-").FullName;
        Directory.CreateDirectory(Path.Combine(home, ".aws"));
        Environment.SetEnvironmentVariable("HOME", home);
        Environment.SetEnvironmentVariable("AWS_SHARED_CREDENTIALS_FILE", Path.Combine(home, ".aws", "credentials"));
        Environment.SetEnvironmentVariable("AWS_CONFIG_FILE", Path.Combine(home, ".aws", "config"));
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(home, recursive: true);
        return home;
    }
}

[CollectionDefinition(nameof(ProcessEnvironmentCollection), DisableParallelization = true)]
public sealed class ProcessEnvironmentCollection;
