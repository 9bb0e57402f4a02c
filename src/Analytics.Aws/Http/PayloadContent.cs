using System.Net;

namespace Analytics.Aws.Http;

/// <summary>A request body whose bytes the signer can hash without reading a stream.</summary>
internal sealed class PayloadContent : HttpContent
{
    public PayloadContent(ReadOnlyMemory<byte> payload, string contentType)
    {
        Payload = payload;
        Headers.TryAddWithoutValidation("Content-Type", contentType);
    }

    public ReadOnlyMemory<byte> Payload { get; }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        stream.WriteAsync(Payload).AsTask();

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken) =>
        stream.WriteAsync(Payload, cancellationToken).AsTask();

    protected override bool TryComputeLength(out long length)
    {
        length = Payload.Length;
        return true;
    }
}
