using System.Collections.Concurrent;
using Kaya.Server.Repository;

namespace Kaya.Server.Access;

/// <summary>
/// The credentials of one run (AUTH-6): a user and a random password that reach one repository under
/// the run's own policy, and the lock objects the run created through them (RUN-2).
/// </summary>
public sealed class RunGrant
{
    private readonly ConcurrentDictionary<ObjectId, byte> _locks = new();
    // Orders RecordLock against Close: a lock committed after the revocation is refused, never missed.
    private readonly Lock _gate = new();
    private bool _closed;
    private string? _hostKey;

    internal RunGrant(string runId, string user, string password, RepositoryPath repository, RepositoryPolicy policy, byte[] digest, Quota? quota)
    {
        RunId = runId;
        User = user;
        Password = password;
        Repository = repository;
        Policy = policy;
        Digest = digest;
        Quota = quota;
    }

    /// <summary>Names the run in logs; unique among the grants in force.</summary>
    public string RunId { get; }

    /// <summary>The repository's first folder (the host), as private repositories require (PRIV-1).</summary>
    public string User { get; }

    /// <summary>64 hex characters (256 random bits); held in the server only as a SHA-256 digest.</summary>
    public string Password { get; }

    /// <summary>The only repository these credentials reach.</summary>
    public RepositoryPath Repository { get; }

    public RepositoryPolicy Policy { get; }

    /// <summary>The most this run's repository may hold (a host's <c>quota</c>), over the server's own limit; null: the server's.</summary>
    public Quota? Quota { get; }

    /// <summary>
    /// The fingerprint (<c>SHA256:…</c>, as ssh prints it) of the host key the run's target showed and known_hosts
    /// vouched for; set by the run once its SSH session is up, before the target can upload; null until then.
    /// The arrival ledger records it with each snapshot this grant uploads (issue 10).
    /// </summary>
    public string? HostKeyFingerprint
    {
        get => Volatile.Read(ref _hostKey);
        set => Volatile.Write(ref _hostKey, value);
    }

    /// <summary>Lock objects created with this grant and not deleted with it since.</summary>
    public IReadOnlyCollection<ObjectId> Locks => _locks.Keys.ToArray();

    internal byte[] Digest { get; }

    internal bool Created(ObjectId lockId) => _locks.ContainsKey(lockId);

    /// <summary>Records a lock just stored; false when the grant was revoked meanwhile, so the caller must remove it.</summary>
    internal bool RecordLock(ObjectId lockId)
    {
        lock (_gate)
        {
            if (_closed) return false;
            _locks.TryAdd(lockId, 0);
            return true;
        }
    }

    /// <summary>Takes no more locks and returns those recorded (RUN-2).</summary>
    internal IReadOnlyCollection<ObjectId> Close()
    {
        lock (_gate)
        {
            _closed = true;
            return _locks.Keys.ToArray();
        }
    }

    internal void ForgetLock(ObjectId lockId) => _locks.TryRemove(lockId, out _);
}
