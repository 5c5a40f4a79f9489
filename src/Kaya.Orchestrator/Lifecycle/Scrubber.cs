using System.Buffers;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Kaya.Orchestrator.Lifecycle;

/// <summary>
/// Finds bit rot without the repository password: every object under data/, index/, snapshots/ and keys/ is
/// named by the SHA-256 of its bytes, so re-reading and re-hashing each one checks it. Objects are visited in
/// ordinal order of their relative path, which makes the position resumable. Temporaries of an upload in
/// progress and lock files are not objects to check.
/// </summary>
public static class Scrubber
{
    private static readonly string[] HashedFolders = ["data", "index", "keys", "snapshots"];
    private const int EACCES = 13;

    /// <summary>
    /// Scrubs one repository folder. Cancellation does not throw: it saves the cursor and returns a result
    /// with <see cref="ScrubResult.Completed"/> false, so the interruption can be recorded and resumed.
    /// </summary>
    /// <param name="repositoryFolder">backup_root/HOST</param>
    /// <exception cref="IOException">the repository folder cannot be listed, or the cursor cannot be saved</exception>
    public static async Task<ScrubResult> ScrubAsync(string repositoryFolder, ScrubOptions options, CancellationToken cancellationToken)
    {
        var cursorFile = options.CursorFile ?? Path.Combine(repositoryFolder, ScrubCursor.FileName);
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
            if (resumeAfter is null && !File.Exists(Path.Combine(repositoryFolder, "config")))
                findings.Add(new ScrubFinding(ScrubFindingKind.MissingConfig, "config", "the repository has no config file: restic cannot open it; restore it from a copy of the repository"));
            foreach (var (relative, misplaced) in ListFiles(repositoryFolder))
            {
                if (resumeAfter is not null && string.CompareOrdinal(relative, resumeAfter) <= 0) continue;
                cancellationToken.ThrowIfCancellationRequested();
                if (misplaced is not null) findings.Add(new ScrubFinding(ScrubFindingKind.Misplaced, relative, misplaced));
                else
                {
                    var (finding, read) = await CheckAsync(repositoryFolder, relative, buffer.AsMemory(0, options.ReadSize), options.Reader, limiter, cancellationToken).ConfigureAwait(false);
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
            Repository = repositoryFolder,
            Started = started,
            Finished = options.Time.GetUtcNow(),
            Completed = completed,
            ObjectsChecked = objects,
            BytesRead = bytes,
            Findings = [.. findings],
            ResumeAfter = completed ? null : last,
        };
    }

    /// <summary>
    /// config and every file under the hashed folders, in ordinal order of the relative path, each with the
    /// reason it is misplaced (null for an object to hash).
    /// </summary>
    private static List<(string Relative, string? Misplaced)> ListFiles(string repositoryFolder)
    {
        var entries = new List<(string Relative, string? Misplaced)>();
        if (File.Exists(Path.Combine(repositoryFolder, "config"))) entries.Add(("config", null));
        foreach (var folder in HashedFolders)
        {
            var root = Path.Combine(repositoryFolder, folder);
            if (!Directory.Exists(root)) continue;
            foreach (var path in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
            {
                var name = Path.GetFileName(path);
                if (Kaya.Server.Storage.FileSystemLayout.IsTemporary(name)) continue;
                var relative = Path.GetRelativePath(repositoryFolder, path);
                entries.Add((relative, Misplacement(folder, relative, name)));
            }
        }
        entries.Sort((a, b) => string.CompareOrdinal(a.Relative, b.Relative));
        return entries;
    }

    private static string? Misplacement(string folder, string relative, string name)
    {
        var parts = relative.Split('/');
        if (!LedgerFile.IsSnapshotId(name)) return $"not a restic object name (64 lower-case hex digits): restic never reads it; move it out of {folder}/";
        if (folder == "data")
        {
            if (parts.Length != 3 || parts[1] != name[..2]) return $"a data object belongs in data/{name[..2]}/: restic does not find it here";
        }
        else if (parts.Length != 2) return $"{folder} objects lie directly in {folder}/: restic does not find it here";
        return null;
    }

    private static async Task<(ScrubFinding? Finding, long Read)> CheckAsync(string repositoryFolder, string relative, Memory<byte> buffer, IScrubReader reader, ByteRateLimiter? limiter, CancellationToken cancellationToken)
    {
        long total = 0;
        try
        {
            using var file = reader.Open(Path.Combine(repositoryFolder, relative));
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
            var expected = Path.GetFileName(relative);
            return actual == expected ? (null, total) : (new ScrubFinding(ScrubFindingKind.Corrupt, relative, $"{total} bytes hash to {actual[..16]}…, not to the object's name: the object is damaged; 'kaya {Path.GetFileName(Path.TrimEndingDirectorySeparator(repositoryFolder))} check -- --read-data' shows what it affects"), total);
        }
        catch (FileNotFoundException)
        {
            return (null, total); // removed since the listing (forget/prune): nothing left to check
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var errno = e is UnauthorizedAccessException ? EACCES : e.HResult is > 0 and < 4096 ? e.HResult : (int?)null;
            var what = errno is { } n ? $"errno {n}, {Marshal.GetPInvokeErrorMessage(n)}" : e.Message;
            return (new ScrubFinding(ScrubFindingKind.Unreadable, relative, $"read failed after {total} bytes ({what}): check the disk (dmesg, smartctl)", errno), total);
        }
    }
}
