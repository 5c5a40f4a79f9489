using System.Text.Json;
using System.Text.Json.Serialization;

namespace Kaya.Orchestrator.Lifecycle;

/// <summary>One entry of <c>restic snapshots --json</c>: the fields retention needs.</summary>
public sealed record ResticSnapshot
{
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    /// <summary>The client's claimed time, with the offset it wrote.</summary>
    [JsonPropertyName("time")]
    public required DateTimeOffset Time { get; init; }

    [JsonPropertyName("hostname")]
    public string Hostname { get; init; } = "";

    [JsonPropertyName("paths")]
    public string[] Paths { get; init; } = [];

    [JsonPropertyName("tags")]
    public string[]? Tags { get; init; }

    /// <summary>restic's default forget group, <c>--group-by host,paths</c> (paths in recorded order, as restic 0.14 compares them).</summary>
    public string GroupKey => Hostname + "\n" + string.Join("\n", Paths);

    /// <summary>Parses the output of <c>restic snapshots --json</c>.</summary>
    /// <exception cref="JsonException">not restic's snapshot list</exception>
    public static IReadOnlyList<ResticSnapshot> ParseList(string json) =>
        JsonSerializer.Deserialize(json, LifecycleJsonContext.Default.ResticSnapshotArray) ?? [];
}
