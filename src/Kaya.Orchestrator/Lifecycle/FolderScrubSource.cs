using System.Runtime.InteropServices;
using Kaya.Server.Storage;

namespace Kaya.Orchestrator.Lifecycle;

/// <summary>A repository in a folder on the backup host (backup_root/HOST), read through an <see cref="IScrubReader"/>.</summary>
/// <param name="folder">backup_root/HOST</param>
/// <param name="reader">how files are read; tests inject one that fails as a disk would (EIO)</param>
public sealed class FolderScrubSource(string folder, IScrubReader reader) : IScrubSource
{
    private static readonly string[] HashedFolders = ["data", "index", "keys", "snapshots"];
    private const int EACCES = 13;

    public string Location => folder;

    public string Host => Path.GetFileName(Path.TrimEndingDirectorySeparator(folder));

    public string CursorFile => Path.Combine(folder, ScrubCursor.FileName);

    public ValueTask<IReadOnlyList<ScrubEntry>> ListAsync(CancellationToken cancellationToken)
    {
        var entries = new List<ScrubEntry>();
        if (File.Exists(Path.Combine(folder, "config"))) entries.Add(new("config", null));
        foreach (var type in HashedFolders)
        {
            var root = Path.Combine(folder, type);
            if (!Directory.Exists(root)) continue;
            foreach (var path in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
            {
                var name = Path.GetFileName(path);
                // Temporaries of an upload in progress are not objects yet.
                if (FileSystemLayout.IsTemporary(name)) continue;
                var relative = Path.GetRelativePath(folder, path);
                entries.Add(new(relative, Misplacement(type, relative, name)));
            }
        }
        entries.Sort((a, b) => string.CompareOrdinal(a.Relative, b.Relative));
        return ValueTask.FromResult<IReadOnlyList<ScrubEntry>>(entries);
    }

    private static string? Misplacement(string type, string relative, string name)
    {
        var parts = relative.Split('/');
        if (!LedgerFile.IsSnapshotId(name)) return $"not a restic object name (64 lower-case hex digits): restic never reads it; move it out of {type}/";
        if (type == "data")
        {
            if (parts.Length != 3 || parts[1] != name[..2]) return $"a data object belongs in data/{name[..2]}/: restic does not find it here";
        }
        else if (parts.Length != 2) return $"{type} objects lie directly in {type}/: restic does not find it here";
        return null;
    }

    public ValueTask<IScrubFile?> OpenAsync(string relative, CancellationToken cancellationToken)
    {
        try { return ValueTask.FromResult<IScrubFile?>(reader.Open(Path.Combine(folder, relative))); }
        catch (FileNotFoundException) { return ValueTask.FromResult<IScrubFile?>(null); }
    }

    public (string What, string Advice, int? Errno) Explain(Exception failure)
    {
        var errno = failure is UnauthorizedAccessException ? EACCES : failure.HResult is > 0 and < 4096 ? failure.HResult : (int?)null;
        var what = errno is { } n ? $"errno {n}, {Marshal.GetPInvokeErrorMessage(n)}" : failure.Message;
        return (what, "check the disk (dmesg, smartctl)", errno);
    }
}
