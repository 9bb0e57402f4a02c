using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Analytics.Emulator.Http.Paging;

/// <summary>Why a pagination token was refused (the caller maps it to its protocol's error).</summary>
public enum TokenProblem
{
    None,
    Malformed,
    Tampered,
    Expired,
    ArgumentsChanged,
}

/// <summary>
/// Opaque, tamper-evident pagination tokens: version | issued-at (ms) | position | fingerprint of the request's other
/// arguments, followed by an HMAC-SHA256 tag over those bytes, in standard base64 (so `+`, `/` and `=` occur and a
/// client that forgets to URL-encode a Lambda Marker is caught). A token is refused when it was altered, when it is
/// older than the TTL (AWS: 24 h, then `InvalidToken`), or when the other arguments differ from the first page's.
/// </summary>
public sealed class PageTokenCodec
{
    private const byte Version = 1;
    private const int BodyLength = 1 + 8 + 8 + 16;
    private const int TagLength = 16;

    private readonly byte[] _key;
    private readonly TimeProvider _clock;
    private readonly TimeSpan _ttl;

    public PageTokenCodec(long seed, TimeSpan ttl, TimeProvider clock)
    {
        // Derived from the seed so a restarted emulator with the same seed accepts the tokens it handed out before.
        _key = SHA256.HashData(Encoding.UTF8.GetBytes($"analytics-emulator/page-token/{seed}"));
        _ttl = ttl;
        _clock = clock;
    }

    /// <summary>A token that resumes the listing identified by <paramref name="arguments"/> at <paramref name="position"/>.</summary>
    public string Encode(string arguments, long position)
    {
        Span<byte> bytes = stackalloc byte[BodyLength + TagLength];
        bytes[0] = Version;
        BinaryPrimitives.WriteInt64BigEndian(bytes[1..], _clock.GetUtcNow().ToUnixTimeMilliseconds());
        BinaryPrimitives.WriteInt64BigEndian(bytes[9..], position);
        Fingerprint(arguments, bytes.Slice(17, 16));
        HMACSHA256.HashData(_key, bytes[..BodyLength])[..TagLength].CopyTo(bytes[BodyLength..]);
        return Convert.ToBase64String(bytes);
    }

    /// <summary>Reads a token back; on success <paramref name="position"/> is where the next page starts.</summary>
    public TokenProblem TryDecode(string token, string arguments, out long position)
    {
        position = 0;
        Span<byte> bytes = stackalloc byte[BodyLength + TagLength + 3];
        if (!Convert.TryFromBase64String(token, bytes, out var written) || written != BodyLength + TagLength)
        {
            return TokenProblem.Malformed;
        }
        bytes = bytes[..written];
        Span<byte> expectedTag = stackalloc byte[32];
        HMACSHA256.HashData(_key, bytes[..BodyLength], expectedTag);
        if (bytes[0] != Version || !CryptographicOperations.FixedTimeEquals(expectedTag[..TagLength], bytes[BodyLength..]))
        {
            return TokenProblem.Tampered;
        }
        var issued = DateTimeOffset.FromUnixTimeMilliseconds(BinaryPrimitives.ReadInt64BigEndian(bytes[1..]));
        if (_clock.GetUtcNow() - issued > _ttl)
        {
            return TokenProblem.Expired;
        }
        Span<byte> fingerprint = stackalloc byte[16];
        Fingerprint(arguments, fingerprint);
        if (!fingerprint.SequenceEqual(bytes.Slice(17, 16)))
        {
            return TokenProblem.ArgumentsChanged;
        }
        position = BinaryPrimitives.ReadInt64BigEndian(bytes[9..]);
        return position < 0 ? TokenProblem.Tampered : TokenProblem.None;
    }

    private static void Fingerprint(string arguments, Span<byte> destination)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(arguments), hash);
        hash[..destination.Length].CopyTo(destination);
    }

    public static string Describe(TokenProblem problem) => problem switch
    {
        TokenProblem.Expired => "the pagination token has expired",
        TokenProblem.ArgumentsChanged => "the pagination token does not match the request's other arguments",
        TokenProblem.Tampered => "the pagination token was not issued by this service or was altered",
        _ => "the pagination token is malformed",
    };
}
