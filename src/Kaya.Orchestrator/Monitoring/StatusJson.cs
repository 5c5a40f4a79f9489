using System.Globalization;
using System.Text.Json.Serialization;
using Kaya.Orchestrator.History;

namespace Kaya.Orchestrator.Monitoring;

/// <summary>
/// The JSON of <c>kaya status --json</c> and <c>kaya HOST history --json</c>, as docs/json.md describes it:
/// a schema_version, RFC 3339 UTC times, integer bytes and seconds, kebab-case enum values, snake_case names.
/// </summary>
public static class StatusJson
{
    /// <summary>Raised only for a change a reader must know about; new fields do not raise it.</summary>
    public const int SchemaVersion = 1;

    public static StatusDocument Status(IReadOnlyList<HostStatus> hosts, IReadOnlyList<string> unconfigured, DateTimeOffset now) => new()
    {
        SchemaVersion = SchemaVersion,
        GeneratedAt = Time(now)!,
        Hosts = hosts.Select(h => new HostStatusJson
        {
            Host = h.Host,
            State = h.State.ToText(),
            LastSuccess = Time(h.LastSuccess),
            LastSuccessAgeSeconds = Seconds(h.LastSuccessAge),
            LastAttempt = h.LastAttempt is { } a ? Run(a) : null,
            Running = h.Running is { } r ? Run(r) : null,
            Progress = h.Progress is { } p ? Progress(p) : null,
            RepositoryBytes = h.RepositoryBytes,
            Snapshots = h.SnapshotCount,
            NextDue = Time(h.NextDue),
            IntervalSeconds = (long)h.Interval.TotalSeconds,
            MaxAgeSeconds = (long)h.MaxAge.TotalSeconds,
        }).ToList(),
        UnconfiguredRepositories = unconfigured,
    };

    public static HistoryDocument History(string host, IReadOnlyList<RunRecord> runs) => new()
    {
        SchemaVersion = SchemaVersion,
        Host = host,
        Runs = runs.Select(Run).ToList(),
    };

    public static RunJson Run(RunRecord r) => new()
    {
        Id = r.Id,
        Host = r.Host,
        Trigger = r.Trigger.ToText(),
        Kind = r.Kind.ToText(),
        Started = Time(r.Started)!,
        Ended = Time(r.Ended),
        Outcome = r.Outcome?.ToText(),
        KayaExitCode = r.KayaExitCode,
        ResticExitCode = r.ResticExitCode,
        Reason = r.Reason,
        SnapshotId = r.SnapshotId,
        FilesNew = r.FilesNew,
        FilesChanged = r.FilesChanged,
        FilesUnmodified = r.FilesUnmodified,
        BytesProcessed = r.BytesProcessed,
        BytesAdded = r.BytesAdded,
        DurationSeconds = Seconds(r.Duration),
        Transport = r.Transport,
        Attempts = r.Attempts,
        KayaVersion = r.KayaVersion,
        RepositoryBytes = r.RepositoryBytes,
        Snapshots = r.SnapshotCount,
    };

    /// <summary>restic's latest status of a run in progress (its <c>--json</c> status message).</summary>
    public static ProgressJson Progress(Runs.RunProgress p) => new()
    {
        PercentDone = Math.Round(p.Status.Fraction * 100, 1),
        DoneBytes = p.Status.BytesDone,
        TotalBytes = p.Status.BytesTotal,
        DoneFiles = p.Status.FilesDone,
        TotalFiles = p.Status.FilesTotal,
        RemainingSeconds = p.Status.SecondsRemaining,
        UpdatedAt = Time(p.Updated)!,
    };

    /// <summary>RFC 3339 in UTC to the second: <c>2026-11-29T01:00:00Z</c>.</summary>
    public static string? Time(DateTimeOffset? t) => t?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static long? Seconds(TimeSpan? d) => d is { } v ? (long)Math.Round(v.TotalSeconds) : null;
}

public sealed record StatusDocument
{
    public required int SchemaVersion { get; init; }
    public required string GeneratedAt { get; init; }
    public required IReadOnlyList<HostStatusJson> Hosts { get; init; }
    public required IReadOnlyList<string> UnconfiguredRepositories { get; init; }
}

public sealed record HostStatusJson
{
    public required string Host { get; init; }
    public required string State { get; init; }
    public string? LastSuccess { get; init; }
    public long? LastSuccessAgeSeconds { get; init; }
    public RunJson? LastAttempt { get; init; }
    public RunJson? Running { get; init; }
    /// <summary>The running run's progress; only the daemon's /api/status knows it (null in <c>kaya status --json</c>).</summary>
    public ProgressJson? Progress { get; init; }
    public long? RepositoryBytes { get; init; }
    public int? Snapshots { get; init; }
    public string? NextDue { get; init; }
    public long IntervalSeconds { get; init; }
    public long MaxAgeSeconds { get; init; }
}

public sealed record ProgressJson
{
    /// <summary>0 to 100, one decimal: restic's percent_done (a fraction) times 100.</summary>
    public required double PercentDone { get; init; }
    public required long DoneBytes { get; init; }
    public required long TotalBytes { get; init; }
    public required long DoneFiles { get; init; }
    public required long TotalFiles { get; init; }
    /// <summary>restic's estimate; null until restic gives one.</summary>
    public long? RemainingSeconds { get; init; }
    public required string UpdatedAt { get; init; }
}

public sealed record HistoryDocument
{
    public required int SchemaVersion { get; init; }
    public required string Host { get; init; }
    public required IReadOnlyList<RunJson> Runs { get; init; }
}

public sealed record RunJson
{
    public long Id { get; init; }
    public required string Host { get; init; }
    public required string Trigger { get; init; }
    /// <summary><c>backup</c> or <c>restore</c> (restore-to-target).</summary>
    public string Kind { get; init; } = "backup";
    public required string Started { get; init; }
    public string? Ended { get; init; }
    public string? Outcome { get; init; }
    public int? KayaExitCode { get; init; }
    public int? ResticExitCode { get; init; }
    public string? Reason { get; init; }
    public string? SnapshotId { get; init; }
    public long? FilesNew { get; init; }
    public long? FilesChanged { get; init; }
    public long? FilesUnmodified { get; init; }
    public long? BytesProcessed { get; init; }
    public long? BytesAdded { get; init; }
    public long? DurationSeconds { get; init; }
    public string? Transport { get; init; }
    public int Attempts { get; init; }
    public required string KayaVersion { get; init; }
    public long? RepositoryBytes { get; init; }
    public int? Snapshots { get; init; }
}

/// <summary>Source-generated serialization (Native AOT has no reflection-based JSON). Nulls are written, so every field is always present.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true)]
[JsonSerializable(typeof(StatusDocument))]
[JsonSerializable(typeof(HistoryDocument))]
public sealed partial class StatusJsonContext : JsonSerializerContext;
