using System.Text;
using System.Text.Json;

namespace Kaya.Orchestrator.Lifecycle;

/// <summary>
/// <c>backup_root/HOST/.kaya-ledger</c>: one JSON object per line (<see cref="LedgerRecord"/>). A dot-name, so
/// the REST protocol never lists or serves it.
/// </summary>
public static class LedgerFile
{
    public const string FileName = ".kaya-ledger";

    /// <summary>The record as one line of JSON, without the newline.</summary>
    public static string Format(LedgerRecord record) => JsonSerializer.Serialize(record, LifecycleJsonContext.Default.LedgerRecord);

    /// <summary>Parses one line; null when it is not a ledger record (a torn last line after a crash, say).</summary>
    public static LedgerRecord? Parse(string line)
    {
        try
        {
            var record = JsonSerializer.Deserialize(line, LifecycleJsonContext.Default.LedgerRecord);
            return record is not null && IsSnapshotId(record.SnapshotId) ? record : null;
        }
        catch (JsonException) { return null; }
    }

    /// <summary>
    /// Reads a ledger. A missing file is an empty ledger. Lines that are not records are skipped and named in
    /// <see cref="LedgerContents.Problems"/>; when a snapshot appears twice the first line wins (it arrived first).
    /// </summary>
    /// <exception cref="IOException">the file exists but cannot be read</exception>
    public static async Task<LedgerContents> ReadAsync(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path)) return new LedgerContents([], []);
        var records = new List<LedgerRecord>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var problems = new List<string>();
        var number = 0;
        await foreach (var line in File.ReadLinesAsync(path, cancellationToken).ConfigureAwait(false))
        {
            number++;
            if (line.Length == 0) continue;
            if (Parse(line) is not { } record) problems.Add($"{path}:{number}: not a ledger record, skipped");
            else if (seen.Add(record.SnapshotId)) records.Add(record);
        }
        return new LedgerContents(records, problems);
    }

    /// <summary>
    /// Appends one record and makes it durable (fdatasync of the file; fsync of the folder when the file is new)
    /// before returning, so a snapshot is never acknowledged without its arrival on disk.
    /// </summary>
    /// <exception cref="IOException">the write or a flush failed</exception>
    public static async Task AppendAsync(string path, LedgerRecord record, CancellationToken cancellationToken)
    {
        var bytes = Encoding.UTF8.GetBytes(Format(record) + "\n");
        // .NET's FileMode.Append seeks to the end rather than opening with O_APPEND, so two appenders could
        // overwrite each other's line: appends are serialised (the server is the one process that writes ledgers).
        await AppendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var created = !File.Exists(path);
            await using (var file = new FileStream(path, new FileStreamOptions
            {
                Mode = FileMode.Append,
                Access = FileAccess.Write,
                Share = FileShare.Read,
                UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
            }))
            {
                await file.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
                file.Flush(flushToDisk: true);
            }
            if (created) LifecyclePosix.FlushDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        }
        finally { AppendLock.Release(); }
    }

    private static readonly SemaphoreSlim AppendLock = new(1, 1);

    internal static bool IsSnapshotId(ReadOnlySpan<char> name)
    {
        if (name.Length != 64) return false;
        foreach (var c in name) if (!char.IsAsciiHexDigitLower(c)) return false;
        return true;
    }
}

/// <summary>A ledger's records (first line per snapshot) and the lines that could not be read.</summary>
public sealed record LedgerContents(IReadOnlyList<LedgerRecord> Records, IReadOnlyList<string> Problems);
