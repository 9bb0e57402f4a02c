namespace Analytics.Aws.Signing;

/// <summary>Signs every request that goes through it, so each retry attempt carries a fresh date and signature.</summary>
public sealed class SigningHandler(IRequestSigner signer) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        await signer.SignAsync(request, cancellationToken).ConfigureAwait(false);
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }
}
