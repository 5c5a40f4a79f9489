using System.Globalization;
using System.Text.RegularExpressions;

namespace Kaya.Orchestrator.Runs;

/// <summary>What <c>restic backup</c> reported at its end: <c>Added to the repo: X</c>, <c>snapshot ID saved</c>.</summary>
public sealed partial class ResticSummary
{
    public string? SnapshotId { get; private set; }

    /// <summary>The bytes added as restic printed them, e.g. "1.234 MiB".</summary>
    public string? AddedText { get; private set; }

    /// <summary>The same in bytes (restic rounds: precise to its three decimals).</summary>
    public long? AddedBytes { get; private set; }

    /// <summary>Feeds one line of restic's stdout.</summary>
    public void Observe(string line)
    {
        if (SnapshotSaved().Match(line) is { Success: true } saved) SnapshotId = saved.Groups[1].Value;
        else if (Added().Match(line) is { Success: true } added)
        {
            AddedText = added.Groups[1].Value + " " + added.Groups[2].Value;
            AddedBytes = ToBytes(added.Groups[1].Value, added.Groups[2].Value);
        }
    }

    internal static long? ToBytes(string number, string unit)
    {
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var n)) return null;
        var power = unit switch { "B" => 0, "KiB" => 1, "MiB" => 2, "GiB" => 3, "TiB" => 4, "PiB" => 5, _ => -1 };
        return power < 0 ? null : (long)Math.Round(n * Math.Pow(1024, power));
    }

    [GeneratedRegex(@"^snapshot ([0-9a-f]{8,64}) saved\s*$")]
    private static partial Regex SnapshotSaved();

    [GeneratedRegex(@"^Added to the repo(?:sitory)?: ([0-9.]+) ([KMGTP]?i?B)")]
    private static partial Regex Added();
}
