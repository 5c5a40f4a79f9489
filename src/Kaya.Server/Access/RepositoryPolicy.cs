namespace Kaya.Server.Access;

/// <summary>What clients may do to one repository.</summary>
public sealed record RepositoryPolicy
{
    /// <summary>Nothing but locks can be deleted (APPEND-1..3): rest-server's --append-only.</summary>
    public bool AppendOnly { get; init; }

    /// <summary>Only the user named by the first folder may use it (PRIV-1): rest-server's --private-repos.</summary>
    public bool Private { get; init; }

    /// <summary>
    /// Reads only (RUN-1): GET, HEAD and listings; of writes only creating a lock and deleting a lock
    /// the caller's own run created. A restore run's policy.
    /// </summary>
    public bool ReadOnly { get; init; }

    /// <summary>Uploads must hash to their name (VERIFY-1); off with --no-verify-upload.</summary>
    public bool VerifyUploads { get; init; } = true;

    public static readonly RepositoryPolicy Default = new();
}
