using Kaya.Orchestrator.Config;

namespace Kaya.Orchestrator.Runs;

/// <summary>One <c>kaya HOST restore-to-target SNAPSHOT[:PATH] --target DIR [--include PATTERN ...]</c>.</summary>
public sealed record RestoreRequest
{
    public required KayaConfig Config { get; init; }
    public required string Host { get; init; }
    /// <summary>The remote user; root, as for a backup.</summary>
    public string User { get; init; } = "root";
    /// <summary>The snapshot id (or an unambiguous prefix) to restore; <c>latest</c> is resolved before the run.</summary>
    public required string Snapshot { get; init; }
    /// <summary>The folder on the target that restic restores into.</summary>
    public required string Target { get; init; }
    /// <summary>restic's <c>--include</c> patterns; SNAPSHOT:PATH adds PATH here, since restic 0.14 has no ID:PATH form.</summary>
    public IReadOnlyList<string> Includes { get; init; } = [];

    /// <summary>restic's arguments on the target after <c>restore</c>.</summary>
    public IReadOnlyList<string> ResticArgs() => [Snapshot, "--target", Target, .. Includes.SelectMany(p => new[] { "--include", p })];
}
