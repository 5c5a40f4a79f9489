using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace Kaya.Server.Access;

/// <summary>
/// Credentials held only in memory, minted for one backup run and revoked when it ends (AUTH-6).
/// Passwords are kept as SHA-256 digests and compared in fixed time.
/// </summary>
public sealed class RunCredentials : IAuthenticator
{
    private readonly ConcurrentDictionary<string, byte[]> _digests = new(StringComparer.Ordinal);

    /// <summary>Makes a fresh random password for <paramref name="user"/> and returns it.</summary>
    public string Mint(string user)
    {
        // 32 random bytes: far beyond guessing for the few minutes a run lasts.
        var password = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        _digests[user] = SHA256.HashData(Encoding.UTF8.GetBytes(password));
        return password;
    }

    public void Revoke(string user) => _digests.TryRemove(user, out _);

    public bool Validate(string user, string password)
    {
        if (!_digests.TryGetValue(user, out var expected)) return false;
        var actual = SHA256.HashData(Encoding.UTF8.GetBytes(password));
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }
}
