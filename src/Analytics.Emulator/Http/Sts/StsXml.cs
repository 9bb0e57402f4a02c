using System.Text;
using System.Xml;
using Microsoft.AspNetCore.Http;

namespace Analytics.Emulator.Http.Sts;

/// <summary>The Query protocol's XML: documents, and errors as `&lt;ErrorResponse&gt;&lt;Error&gt;Type, Code, Message`.</summary>
internal static class StsXml
{
    public const string ContentType = "text/xml";

    public static string Document(Action<XmlWriter> write)
    {
        var text = new StringBuilder();
        using (var xml = XmlWriter.Create(text, new XmlWriterSettings { OmitXmlDeclaration = true, Indent = true }))
        {
            write(xml);
        }
        return text.ToString();
    }

    public static async Task WriteAsync(HttpResponse response, int status, string document, CancellationToken ct)
    {
        var bytes = Encoding.UTF8.GetBytes(document);
        response.StatusCode = status;
        response.ContentType = ContentType;
        response.ContentLength = bytes.Length;
        await response.Body.WriteAsync(bytes, ct).ConfigureAwait(false);
    }

    public static Task WriteErrorAsync(HttpResponse response, ApiException error, CancellationToken ct)
    {
        var requestId = response.Headers["x-amzn-RequestId"].ToString();
        var document = Document(xml =>
        {
            xml.WriteStartElement("ErrorResponse", StsApi.Namespace);
            xml.WriteStartElement("Error", StsApi.Namespace);
            xml.WriteElementString("Type", StsApi.Namespace, error.Status >= 500 ? "Receiver" : "Sender");
            xml.WriteElementString("Code", StsApi.Namespace, CodeOf(error.Code));
            xml.WriteElementString("Message", StsApi.Namespace, error.Message);
            xml.WriteEndElement();
            xml.WriteElementString("RequestId", StsApi.Namespace, requestId);
            xml.WriteEndElement();
        });
        return WriteAsync(response, error.Status, document, ct);
    }

    /// <summary>STS names the shared authentication errors differently from the JSON services.</summary>
    private static string CodeOf(string code) => code switch
    {
        "UnrecognizedClientException" => "InvalidClientTokenId",
        "InvalidSignatureException" => "SignatureDoesNotMatch",
        "ExpiredTokenException" => "ExpiredToken",
        "MissingAuthenticationTokenException" => "MissingAuthenticationToken",
        "IncompleteSignatureException" => "IncompleteSignature",
        "InternalFailure" => "InternalFailure",
        _ => code,
    };
}
