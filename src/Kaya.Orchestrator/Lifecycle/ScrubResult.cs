using System.Text.Json;

namespace Kaya.Orchestrator.Lifecycle;

/// <summary>
/// The outcome of one scrub of one repository, as the history records it. When <see cref="Completed"/> is
/// false the scrub was interrupted; <see cref="ResumeAfter"/> is where the next one continues.
/// </summary>
public sealed record ScrubResult
{
    /// <summary>The repository folder (backup_root/HOST), or its location in the bucket (s3:ENDPOINT/BUCKET/PREFIX/HOST).</summary>
    public required string Repository { get; init; }

    /// <summary>When this scrub began, UTC; for a resumed scrub, when the first part began.</summary>
    public required DateTimeOffset Started { get; init; }

    /// <summary>When this scrub ended or was interrupted, UTC.</summary>
    public required DateTimeOffset Finished { get; init; }

    public required bool Completed { get; init; }

    /// <summary>Objects re-read and re-hashed so far (config included).</summary>
    public long ObjectsChecked { get; init; }

    /// <summary>Bytes re-read so far.</summary>
    public long BytesRead { get; init; }

    public IReadOnlyList<ScrubFinding> Findings { get; init; } = [];

    /// <summary>The relative path of the last object checked, when interrupted; null when complete.</summary>
    public string? ResumeAfter { get; init; }

    /// <summary>For <c>kaya_scrub_corrupt_objects{host}</c>.</summary>
    public int CorruptObjects => Findings.Count(f => f.Kind == ScrubFindingKind.Corrupt);

    /// <summary>Complete and nothing found; <c>kaya scrub</c> exits 1 otherwise.</summary>
    public bool IsClean => Completed && Findings.Count == 0;

    /// <summary>The result as JSON, for <c>kaya scrub --json</c> and the history (source-generated, AOT-safe).</summary>
    public string ToJson() => JsonSerializer.Serialize(this, LifecycleJsonContext.Default.ScrubResult);
}
