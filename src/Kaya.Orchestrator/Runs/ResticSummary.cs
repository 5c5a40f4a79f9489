using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Kaya.Orchestrator.Runs;

/// <summary>What a line of restic's stdout was, as <see cref="ResticSummary.Observe"/> read it.</summary>
public enum ResticLine
{
    /// <summary>Plain text (restic init, or a backup without --json): passed on as it is.</summary>
    Text,
    /// <summary>A <c>--json</c> status message: <see cref="ResticSummary.Progress"/> was updated.</summary>
    Status,
    /// <summary>The <c>--json</c> summary message: the counts and snapshot id were set.</summary>
    Summary,
    /// <summary>A <c>--json</c> error message: <see cref="ResticSummary.LastError"/> holds its text.</summary>
    Error,
    /// <summary>Another <c>--json</c> message (verbose_status): nothing to show.</summary>
    Other,
}

/// <summary>
/// What <c>restic backup</c> reported: from its <c>--json</c> messages (restic 0.14's shapes: <c>status</c>,
/// <c>summary</c>, <c>error</c>), or from its text (<c>Added to the repo: X</c>, <c>snapshot ID saved</c>).
/// Counts are files; sizes are bytes.
/// </summary>
public sealed partial class ResticSummary
{
    public string? SnapshotId { get; private set; }

    /// <summary>The bytes added as restic printed them, e.g. "1.234 MiB"; null from --json.</summary>
    public string? AddedText { get; private set; }

    /// <summary>Bytes added to the repository (from text: precise to restic's three decimals).</summary>
    public long? AddedBytes { get; private set; }

    public long? FilesNew { get; private set; }
    public long? FilesChanged { get; private set; }
    public long? FilesUnmodified { get; private set; }
    public long? BytesProcessed { get; private set; }

    /// <summary>The latest status message; null before the first.</summary>
    public ResticProgress? Progress { get; private set; }

    /// <summary>The text of the latest error message.</summary>
    public string? LastError { get; private set; }

    /// <summary>Feeds one line of restic's stdout; says what it was.</summary>
    public ResticLine Observe(string line)
    {
        if (line.StartsWith("{\"message_type\"", StringComparison.Ordinal)) return ObserveJson(line);
        if (SnapshotSaved().Match(line) is { Success: true } saved) SnapshotId = saved.Groups[1].Value;
        else if (Added().Match(line) is { Success: true } added)
        {
            AddedText = added.Groups[1].Value + " " + added.Groups[2].Value;
            AddedBytes = ToBytes(added.Groups[1].Value, added.Groups[2].Value);
        }
        return ResticLine.Text;
    }

    /// <summary>restic's own summary, as its text output ends, made from the JSON summary.</summary>
    public IEnumerable<string> SummaryLines()
    {
        yield return $"Files: {FilesNew} new, {FilesChanged} changed, {FilesUnmodified} unmodified";
        yield return $"Added to the repository: {ByteText.Format(AddedBytes)} ({ByteText.Format(BytesProcessed)} processed)";
        if (SnapshotId is { } id) yield return $"snapshot {id} saved";
    }

    private ResticLine ObserveJson(string line)
    {
        JsonDocument document;
        try { document = JsonDocument.Parse(line); }
        catch (JsonException) { return ResticLine.Text; }
        using (document)
        {
            var root = document.RootElement;
            switch (root.GetProperty("message_type").GetString())
            {
                case "status":
                    Progress = new ResticProgress(Number(root, "percent_done") ?? 0, Long(root, "bytes_done") ?? 0, Long(root, "total_bytes") ?? 0,
                        Long(root, "files_done") ?? 0, Long(root, "total_files") ?? 0, Long(root, "seconds_remaining"));
                    return ResticLine.Status;
                case "summary":
                    FilesNew = Long(root, "files_new");
                    FilesChanged = Long(root, "files_changed");
                    FilesUnmodified = Long(root, "files_unmodified");
                    BytesProcessed = Long(root, "total_bytes_processed");
                    AddedBytes = Long(root, "data_added");
                    if (root.TryGetProperty("snapshot_id", out var id) && id.ValueKind == JsonValueKind.String) SnapshotId = id.GetString();
                    return ResticLine.Summary;
                case "error":
                    var message = root.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.Object && e.TryGetProperty("message", out var m) ? m.GetString() : null;
                    var item = root.TryGetProperty("item", out var i) ? i.GetString() : null;
                    LastError = item is null ? message ?? line : $"{item}: {message}";
                    return ResticLine.Error;
                default:
                    return ResticLine.Other;
            }
        }
    }

    private static double? Number(JsonElement root, string name) =>
        root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;

    private static long? Long(JsonElement root, string name) =>
        root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n) ? n : null;

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
