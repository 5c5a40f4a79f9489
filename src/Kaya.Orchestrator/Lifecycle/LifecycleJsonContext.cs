using System.Text.Json.Serialization;

namespace Kaya.Orchestrator.Lifecycle;

/// <summary>Source-generated JSON for the ledger, the scrub cursor and restic's snapshot list (the CLI is Native AOT).</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(LedgerRecord))]
[JsonSerializable(typeof(ResticSnapshot[]))]
[JsonSerializable(typeof(ScrubCursor))]
[JsonSerializable(typeof(ScrubResult))]
internal sealed partial class LifecycleJsonContext : JsonSerializerContext;
