using System.Text;

namespace Analytics.Aws.Http;

/// <summary>
/// RFC 3986 percent-encoding as the AWS SDKs apply it to path labels and query values: everything except
/// <c>A-Z a-z 0-9 - _ . ~</c> is encoded from its UTF-8 bytes, including <c>: / $ + =</c> and space (<c>%20</c>).
/// </summary>
public static class PercentEncoding
{
    private const string Hex = "0123456789ABCDEF";

    /// <summary>Encodes a path label or query key/value in full.</summary>
    public static string Encode(string value) => Encode(value, keepSlash: false);

    /// <summary>
    /// Encodes every character outside the unreserved set, keeping <c>/</c> when <paramref name="keepSlash"/>
    /// (SigV4's canonical URI encodes an already-encoded path once more this way).
    /// </summary>
    public static string Encode(string value, bool keepSlash)
    {
        if (IsAllUnreserved(value, keepSlash))
        {
            return value;
        }

        var bytes = Encoding.UTF8.GetBytes(value);
        var builder = new StringBuilder(bytes.Length * 3);
        foreach (var b in bytes)
        {
            if (IsUnreserved(b) || (keepSlash && b == (byte)'/'))
            {
                builder.Append((char)b);
            }
            else
            {
                builder.Append('%').Append(Hex[b >> 4]).Append(Hex[b & 0xF]);
            }
        }

        return builder.ToString();
    }

    private static bool IsAllUnreserved(string value, bool keepSlash)
    {
        foreach (var c in value)
        {
            if (c > 0x7F || !(IsUnreserved((byte)c) || (keepSlash && c == '/')))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsUnreserved(byte b) =>
        (b >= (byte)'A' && b <= (byte)'Z') || (b >= (byte)'a' && b <= (byte)'z') || (b >= (byte)'0' && b <= (byte)'9')
        || b == (byte)'-' || b == (byte)'_' || b == (byte)'.' || b == (byte)'~';
}
