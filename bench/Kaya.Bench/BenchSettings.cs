using Kaya.Bench.Data;

namespace Kaya.Bench;

/// <summary>Sizes and counts per run; the full ones are the issue's, the quick ones a sanity check under 2 minutes.</summary>
public sealed record BenchSettings
{
    private const int MiB = 1024 * 1024, KiB = 1024;

    /// <summary>restic's default number of backend connections (-o rest.connections=5).</summary>
    public const int Parallel = 5;

    public required bool Quick { get; init; }
    public required int Rounds { get; init; }
    public required int RawBlobs { get; init; }
    public required int RawBlobSize { get; init; }
    public required int SmallBlobs { get; init; }
    public required int SmallBlobSize { get; init; }
    public required int ListingFiles { get; init; }
    public required int AuthRequests { get; init; }
    /// <summary>The authenticated row stops here even when requests remain: see HttpRows.AuthenticatedAsync.</summary>
    public required TimeSpan AuthBudget { get; init; }
    public required TreeShape Tree { get; init; }

    public static BenchSettings Full(int rounds) => new()
    {
        Quick = false, Rounds = rounds,
        RawBlobs = 48, RawBlobSize = 16 * MiB,
        SmallBlobs = 2000, SmallBlobSize = 4 * KiB,
        ListingFiles = 100_000,
        AuthRequests = 2000,
        AuthBudget = TimeSpan.FromSeconds(20),
        Tree = new TreeShape(8, 32 * MiB, 4000, 64 * KiB, 3000),
    };

    public static BenchSettings QuickRun(int rounds) => new()
    {
        Quick = true, Rounds = rounds,
        RawBlobs = 10, RawBlobSize = 16 * MiB,
        SmallBlobs = 300, SmallBlobSize = 4 * KiB,
        ListingFiles = 5_000,
        AuthRequests = 300,
        AuthBudget = TimeSpan.FromSeconds(5),
        Tree = new TreeShape(2, 8 * MiB, 200, 64 * KiB, 200),
    };
}
