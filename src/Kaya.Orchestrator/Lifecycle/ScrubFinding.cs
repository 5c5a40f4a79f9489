using System.Text.Json.Serialization;

namespace Kaya.Orchestrator.Lifecycle;

/// <summary>What is wrong with one object of a repository.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ScrubFindingKind>))]
public enum ScrubFindingKind
{
    /// <summary>The bytes no longer hash to the object's name (bit rot, truncation, tampering).</summary>
    [JsonStringEnumMemberName("corrupt")]
    Corrupt,

    /// <summary>Reading failed with an I/O error; <see cref="ScrubFinding.Errno"/> says which.</summary>
    [JsonStringEnumMemberName("unreadable")]
    Unreadable,

    /// <summary>A file where restic would not look: a bad name, or a data object outside its two-hex-digit folder.</summary>
    [JsonStringEnumMemberName("misplaced")]
    Misplaced,

    /// <summary>The repository has no config file: restic cannot open it.</summary>
    [JsonStringEnumMemberName("missing-config")]
    MissingConfig,
}

/// <summary>One problem found by a scrub.</summary>
/// <param name="Path">relative to the repository folder, e.g. <c>data/ab/abcd…</c></param>
/// <param name="Detail">what was found, in words a user can act on</param>
/// <param name="Errno">the errno of an unreadable object, when the system gave one</param>
public sealed record ScrubFinding(ScrubFindingKind Kind, string Path, string Detail, int? Errno = null);
