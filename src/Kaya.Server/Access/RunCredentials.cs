using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Kaya.Server.Repository;

namespace Kaya.Server.Access;

/// <summary>
/// Credentials held only in memory, minted for one run and revoked when it ends (AUTH-6). Keyed by run,
/// so two runs for the same host hold separate grants and revoking one leaves the other in force.
/// Passwords are kept as SHA-256 digests and compared in fixed time.
/// </summary>
public sealed class RunCredentials : IAuthenticator
{
    private readonly ConcurrentDictionary<string, RunGrant> _grants = new(StringComparer.Ordinal);

    /// <summary>Makes a fresh random password for the run's repository, whose first folder is the user.</summary>
    /// <param name="quota">a limit for this run's repository alone; null: the server's, if any</param>
    /// <exception cref="ArgumentException">the repository has no first folder to name the user</exception>
    /// <exception cref="InvalidOperationException">the run id already holds a grant</exception>
    public RunGrant Mint(string runId, RepositoryPath repository, RepositoryPolicy policy, Quota? quota = null)
    {
        var user = repository.Owner ?? throw new ArgumentException($"run {runId}: a run's repository needs a first folder to name its user, not {repository}", nameof(repository));
        // 32 random bytes: far beyond guessing for the few minutes a run lasts.
        var password = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var grant = new RunGrant(runId, user, password, repository, policy, Digest(password), quota);
        if (!_grants.TryAdd(runId, grant)) throw new InvalidOperationException($"run {runId} already holds credentials; revoke them first");
        return grant;
    }

    /// <summary>Ends the grant; false when it was revoked already.</summary>
    public bool Revoke(RunGrant grant) => _grants.TryRemove(KeyValuePair.Create(grant.RunId, grant));

    /// <summary>The grant these credentials belong to, or null.</summary>
    public RunGrant? Find(string user, string password)
    {
        var actual = Digest(password);
        foreach (var grant in _grants.Values)
        {
            if (grant.User == user && CryptographicOperations.FixedTimeEquals(actual, grant.Digest)) return grant;
        }
        return null;
    }

    public bool Validate(string user, string password) => Find(user, password) is not null;

    private static byte[] Digest(string password) => SHA256.HashData(Encoding.UTF8.GetBytes(password));
}
