using System.Buffers;
using System.Security.Cryptography;
using Kaya.Server.Repository;
using Kaya.Storage.S3;

namespace Kaya.Orchestrator.Lifecycle;

/// <summary>
/// Finds bit rot without the repository password: every object under data/, index/, snapshots/ and keys/ is
/// named by the SHA-256 of its bytes, so re-reading and re-hashing each one checks it. Objects are visited in
/// ordinal order of their relative path, which makes the position resumable. The objects come from an
/// <see cref="IScrubSource"/>: a folder on disk, or a bucket through the store.
/// </summary>
public static class Scrubber
{
    /// <summary>Scrubs one repository folder (backup_root/HOST) on disk, read through <see cref="ScrubOptions.Reader"/>.</summary>
    /// <exception cref="IOException">the repository folder cannot be listed, or the cursor cannot be saved</exception>
    public static Task<ScrubResult> ScrubAsync(string repositoryFolder, ScrubOptions options, CancellationToken cancellationToken) =>
        ScrubAsync(new FolderScrubSource(repositoryFolder, options.Reader), options, cancellationToken);

    /// <summary>
    /// Scrubs a host's repository where kaya.conf keeps it: the folder, or the host's prefix in the bucket of
    /// <c>storage=</c> (read through the S3 store; the cursor stays in backup_root/HOST).
    /// </summary>
    /// <exception cref="IOException">the repository cannot be listed (the message names the S3 error code), or the cursor cannot be saved</exception>
    public static async Task<ScrubResult> ScrubAsync(ResticRepository repository, ScrubOptions options, CancellationToken cancellationToken)
    {
        if (repository.Storage is not { } s3) return await ScrubAsync(repository.Folder, options, cancellationToken).ConfigureAwait(false);
        using var store = new S3RepositoryStore(s3);
        var source = new StoreScrubSource(store, new RepositoryPath([repository.Host]), repository.Folder, repository.Location);
        return await ScrubAsync(source, options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Scrubs one repository. Cancellation does not throw: it saves the cursor and returns a result
    /// with <see cref="ScrubResult.Completed"/> false, so the interruption can be recorded and resumed.
    /// </summary>
    /// <exception cref="IOException">the repository cannot be listed, or the cursor cannot be saved</exception>
    public static async Task<ScrubResult> ScrubAsync(IScrubSource source, ScrubOptions options, CancellationToken cancellationToken)
    {
        var cursorFile = options.CursorFile ?? source.CursorFile;
        var saved = options.PersistCursor ? ScrubCursor.Load(cursorFile) : null;
        var resumeAfter = saved?.ResumeAfter ?? options.ResumeAfter;
        var started = saved?.Started ?? options.Time.GetUtcNow();
        var findings = saved?.Findings ?? [];
        long objects = saved?.ObjectsChecked ?? 0, bytes = saved?.BytesRead ?? 0;
        // A quarter second of burst: the scrub catches up after a short stall (a busy CPU, a slow seek) without
        // running noticeably above the rate over any longer stretch.
        var limiter = options.RateBytesPerSecond is { } rate ? new ByteRateLimiter(rate, Math.Max(options.ReadSize, rate / 4), options.Time) : null;
        var lastSave = options.Time.GetTimestamp();
        string? last = resumeAfter;

        ScrubCursor Cursor() => new() { ResumeAfter = last ?? "", Started = started, ObjectsChecked = objects, BytesRead = bytes, Findings = findings };

        var buffer = ArrayPool<byte>.Shared.Rent(options.ReadSize);
        try
        {
            var entries = await source.ListAsync(cancellationToken).ConfigureAwait(false);
            if (resumeAfter is null && !entries.Any(e => e.Relative == "config"))
                findings.Add(new ScrubFinding(ScrubFindingKind.MissingConfig, "config", "the repository has no config file: restic cannot open it; restore it from a copy of the repository"));
            foreach (var (relative, misplaced) in entries)
            {
                if (resumeAfter is not null && string.CompareOrdinal(relative, resumeAfter) <= 0) continue;
                cancellationToken.ThrowIfCancellationRequested();
                if (misplaced is not null) findings.Add(new ScrubFinding(ScrubFindingKind.Misplaced, relative, misplaced));
                else
                {
                    var (finding, read) = await CheckAsync(source, relative, buffer.AsMemory(0, options.ReadSize), limiter, cancellationToken).ConfigureAwait(false);
                    if (finding is not null) findings.Add(finding);
                    objects++;
                    bytes += read;
                }
                // The cursor moves past a file only together with its finding, so a resumed scrub reports nothing twice.
                last = relative;
                if (options.PersistCursor && options.Time.GetElapsedTime(lastSave) >= options.CursorSaveInterval)
                {
                    Cursor().Save(cursorFile);
                    lastSave = options.Time.GetTimestamp();
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            if (options.PersistCursor && last is not null) Cursor().Save(cursorFile);
            return Result(completed: false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        if (options.PersistCursor) File.Delete(cursorFile);
        last = null;
        return Result(completed: true);

        ScrubResult Result(bool completed) => new()
        {
            Repository = source.Location,
            Started = started,
            Finished = options.Time.GetUtcNow(),
            Completed = completed,
            ObjectsChecked = objects,
            BytesRead = bytes,
            Findings = [.. findings],
            ResumeAfter = completed ? null : last,
        };
    }

    private static async Task<(ScrubFinding? Finding, long Read)> CheckAsync(IScrubSource source, string relative, Memory<byte> buffer, ByteRateLimiter? limiter, CancellationToken cancellationToken)
    {
        long total = 0;
        try
        {
            // Gone since the listing (forget, prune): nothing left to check.
            using var file = await source.OpenAsync(relative, cancellationToken).ConfigureAwait(false);
            if (file is null) return (null, total);
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            int read;
            while ((read = await file.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                hash.AppendData(buffer.Span[..read]);
                total += read;
                if (limiter is not null) await limiter.TakeAsync(read, cancellationToken).ConfigureAwait(false);
            }
            if (relative == "config") return (null, total);
            var actual = Convert.ToHexStringLower(hash.GetHashAndReset());
            var expected = relative[(relative.LastIndexOf('/') + 1)..];
            return actual == expected ? (null, total) : (new ScrubFinding(ScrubFindingKind.Corrupt, relative, $"{total} bytes hash to {actual[..16]}…, not to the object's name: the object is damaged; 'kaya {source.Host} check -- --read-data' shows what it affects"), total);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A read that failed proves nothing about the bytes: unreadable, never corrupt.
            var (what, advice, errno) = source.Explain(e);
            return (new ScrubFinding(ScrubFindingKind.Unreadable, relative, $"read failed after {total} bytes ({what}): {advice}", errno), total);
        }
    }
}
