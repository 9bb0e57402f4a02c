namespace Analytics.Aws.Signing;

/// <summary>Signs an outgoing HTTP request in place (adds the date, payload hash, token and Authorization headers).</summary>
public interface IRequestSigner
{
    ValueTask SignAsync(HttpRequestMessage request, CancellationToken cancellationToken);
}
