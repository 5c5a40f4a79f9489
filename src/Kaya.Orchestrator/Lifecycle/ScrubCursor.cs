using System.Text.Json;

namespace Kaya.Orchestrator.Lifecycle;

/// <summary>
/// Where an interrupted scrub stopped, and what it had found: <c>backup_root/HOST/.kaya-scrub</c> (a dot-name
/// the REST protocol never serves). Findings travel with the cursor so that each is reported exactly once.
/// </summary>
public sealed record ScrubCursor
{
    public const string FileName = ".kaya-scrub";

    /// <summary>Relative path of the last object checked; the scrub continues with the next one in ordinal order.</summary>
    public required string ResumeAfter { get; init; }

    public required DateTimeOffset Started { get; init; }
    public long ObjectsChecked { get; init; }
    public long BytesRead { get; init; }
    public List<ScrubFinding> Findings { get; init; } = [];

    /// <summary>The saved cursor, or null when there is none or it cannot be read (the scrub then starts over).</summary>
    public static ScrubCursor? Load(string path)
    {
        try { return JsonSerializer.Deserialize(File.ReadAllText(path), LifecycleJsonContext.Default.ScrubCursor); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException) { return null; }
    }

    /// <summary>Writes the cursor beside its final name and renames it into place, so a crash leaves the old or the new one.</summary>
    /// <exception cref="IOException">the folder is not writable</exception>
    public void Save(string path)
    {
        var temporary = path + ".tmp";
        using (var file = new FileStream(temporary, new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite }))
        {
            JsonSerializer.Serialize(file, this, LifecycleJsonContext.Default.ScrubCursor);
            file.Flush(flushToDisk: true);
        }
        File.Move(temporary, path, overwrite: true);
    }
}
