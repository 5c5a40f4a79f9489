using Microsoft.Data.Sqlite;

namespace Kaya.Orchestrator.History;

/// <summary>Reads a row selected with <see cref="HistorySchema.RunColumns"/>, in that column order.</summary>
internal static class RunReader
{
    public static RunRecord Read(SqliteDataReader r) => new()
    {
        Id = r.GetInt64(0),
        Host = r.GetString(1),
        Trigger = RunOutcomes.ParseTrigger(r.GetString(2)),
        Started = DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(3)),
        Ended = Long(r, 4) is { } ended ? DateTimeOffset.FromUnixTimeMilliseconds(ended) : null,
        Outcome = r.IsDBNull(5) ? null : RunOutcomes.Parse(r.GetString(5)),
        KayaExitCode = (int?)Long(r, 6),
        ResticExitCode = (int?)Long(r, 7),
        Reason = Text(r, 8),
        SnapshotId = Text(r, 9),
        FilesNew = Long(r, 10),
        FilesChanged = Long(r, 11),
        FilesUnmodified = Long(r, 12),
        BytesProcessed = Long(r, 13),
        BytesAdded = Long(r, 14),
        Duration = Long(r, 15) is { } ms ? TimeSpan.FromMilliseconds(ms) : null,
        Transport = Text(r, 16),
        Attempts = r.GetInt32(17),
        KayaVersion = r.GetString(18),
        RepositoryBytes = Long(r, 19),
        SnapshotCount = (int?)Long(r, 20),
        Kind = RunOutcomes.ParseKind(r.GetString(21)),
    };

    private static long? Long(SqliteDataReader r, int i) => r.IsDBNull(i) ? null : r.GetInt64(i);

    private static string? Text(SqliteDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);
}
