namespace Kaya.Orchestrator.Lifecycle;

/// <summary>
/// Where a scrub finds a repository's objects: a folder on the backup host's disk (<see cref="FolderScrubSource"/>)
/// or a host's prefix in a bucket, through the store (<see cref="StoreScrubSource"/>). <see cref="Scrubber"/> hashes,
/// paces, reports and keeps the cursor the same way for both.
/// </summary>
public interface IScrubSource
{
    /// <summary>The repository for the result and messages: the folder, or its location in the bucket.</summary>
    string Location { get; }

    /// <summary>The host, for the hint a corrupt object's finding gives (<c>kaya HOST check -- --read-data</c>).</summary>
    string Host { get; }

    /// <summary>The default cursor file: <c>backup_root/HOST/.kaya-scrub</c> (a bucket's repository keeps its cursor there too).</summary>
    string CursorFile { get; }

    /// <summary>
    /// config and every object under data/, index/, keys/ and snapshots/, by relative path (<c>data/ab/abcd…</c>) in
    /// ordinal order, each with the reason it is misplaced (null for an object to hash).
    /// </summary>
    /// <exception cref="IOException">the repository cannot be listed</exception>
    ValueTask<IReadOnlyList<ScrubEntry>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Opens one listed object for a front-to-back read; null when it is gone since the listing (forget, prune).</summary>
    /// <exception cref="IOException">the object cannot be opened</exception>
    /// <exception cref="UnauthorizedAccessException">permission denied</exception>
    ValueTask<IScrubFile?> OpenAsync(string relative, CancellationToken cancellationToken);

    /// <summary>A failed read in words a user can act on: what failed (with the errno when the system gave one) and what to do.</summary>
    (string What, string Advice, int? Errno) Explain(Exception failure);
}

/// <summary>One listed file of a repository.</summary>
/// <param name="Relative">relative to the repository, '/'-separated</param>
/// <param name="Misplaced">why restic would not find it there, or null for an object to hash</param>
public readonly record struct ScrubEntry(string Relative, string? Misplaced);
