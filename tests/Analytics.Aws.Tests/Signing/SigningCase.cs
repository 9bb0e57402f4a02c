using Analytics.Aws.Http;

namespace Analytics.Aws.Tests.Signing;

/// <summary>One request, described the way both signers can build it.</summary>
public sealed record SigningCase(
    string Name,
    string Service,
    string Method,
    string Endpoint,
    string ResourcePath,
    (string Label, string Value)[] PathLabels,
    (string Key, string[] Values)[] Query,
    (string Name, string Value)[] Headers,
    string? Body,
    string? SessionToken)
{
    public string Region { get; init; } = "us-east-1";

    public string AccessKey { get; init; } = "AKIDEXAMPLE";

    public string SecretKey { get; init; } = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

    /// <summary>The URL our clients send: labels fully percent-encoded, query sorted and encoded.</summary>
    public Uri OurUri()
    {
        var path = ResourcePath;
        foreach (var (label, value) in PathLabels)
        {
            path = path.Replace(label, PercentEncoding.Encode(value), StringComparison.Ordinal);
        }

        var query = new QueryString();
        foreach (var (key, values) in Query)
        {
            query.Add(key, values);
        }

        var q = query.ToString();
        return new Uri(Endpoint.TrimEnd('/') + path + (q.Length > 0 ? "?" + q : ""));
    }

    public override string ToString() => Name;
}
