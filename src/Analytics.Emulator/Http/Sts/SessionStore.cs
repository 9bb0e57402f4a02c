using System.Collections.Concurrent;
using System.Security.Cryptography;
using Analytics.Emulator.World;

namespace Analytics.Emulator.Http.Sts;

/// <summary>Temporary credentials AssumeRole issued: they sign requests as the role, in the role's account.</summary>
internal sealed record StsSession(
    string AccessKeyId,
    string SecretAccessKey,
    string SessionToken,
    DateTimeOffset Expiration,
    AccountRecord Account,
    string RoleName,
    string SessionName)
{
    public string AssumedRoleArn => $"arn:aws:sts::{Account.AccountId}:assumed-role/{RoleName}/{SessionName}";

    // Never print the secret or the token.
    public override string ToString() => $"{AccessKeyId} as {AssumedRoleArn} until {Expiration:O}";
}

/// <summary>The sessions AssumeRole issued, by access key id (kept until well after they expire, then dropped).</summary>
internal sealed class SessionStore(TimeProvider clock)
{
    private const string KeyAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private static readonly TimeSpan s_keepExpired = TimeSpan.FromHours(1);

    private readonly ConcurrentDictionary<string, StsSession> _sessions = new(StringComparer.Ordinal);

    public StsSession Issue(AccountRecord account, string roleName, string sessionName, TimeSpan duration)
    {
        var now = clock.GetUtcNow();
        foreach (var (key, old) in _sessions)
        {
            if (old.Expiration + s_keepExpired < now)
            {
                _sessions.TryRemove(key, out _);
            }
        }
        // AWS's shapes: ASIA + 16 base32 characters, a 40-character secret, a long opaque token.
        var session = new StsSession(
            "ASIA" + RandomNumberGenerator.GetString(KeyAlphabet, 16),
            Convert.ToBase64String(RandomNumberGenerator.GetBytes(30)),
            Convert.ToBase64String(RandomNumberGenerator.GetBytes(96)),
            // STS reports whole seconds.
            DateTimeOffset.FromUnixTimeSeconds((now + duration).ToUnixTimeSeconds()),
            account,
            roleName,
            sessionName);
        _sessions[session.AccessKeyId] = session;
        return session;
    }

    public StsSession? Find(string accessKeyId) => _sessions.TryGetValue(accessKeyId, out var session) ? session : null;
}
