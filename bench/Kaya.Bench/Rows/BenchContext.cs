using Kaya.Bench.Data;
using Kaya.Bench.Servers;

namespace Kaya.Bench.Rows;

/// <summary>What every row needs: settings, where to work, the generated data, and the programs found.</summary>
public sealed class BenchContext
{
    public required BenchSettings Settings { get; init; }
    public required string Work { get; init; }
    public required string KayaBinary { get; init; }
    public required IReadOnlyList<ServerKind> Servers { get; init; }
    public required Blob[] RawBlobs { get; init; }
    public required Blob[] SmallBlobs { get; init; }
    public required string ListingRoot { get; init; }
    public required string Tree { get; init; }
    public required string Htpasswd { get; init; }
    /// <summary>BUCKET/PREFIX holding the listing's repository on the run's object store; empty without one.</summary>
    public string S3ListingPath { get; set; } = "";
    public const string User = "bench", Password = "bench-password";

    private int _runs;

    /// <summary>A fresh, empty folder for one measurement under bench/work/runs/.</summary>
    public string FreshFolder(string row, string server)
    {
        var path = Path.Combine(Work, "runs", $"{Interlocked.Increment(ref _runs):d3}-{row}-{server}");
        if (Directory.Exists(path)) Directory.Delete(path, recursive: true);
        Directory.CreateDirectory(path);
        return path;
    }

    private static readonly List<string> Retired = [];

    /// <summary>
    /// A measurement folder whose figure is taken. It is removed at the end of the run, not now: ext4
    /// without a journal skips inodes freed in the last 30 s when it allocates new ones
    /// (recently_deleted), and removing thousands of files between rows made every file creation in
    /// the next row cost several times more, for every server alike (perf: most of their CPU on small
    /// objects). A full run keeps ~15 GB until it ends.
    /// </summary>
    public static void Remove(string folder)
    {
        lock (Retired) Retired.Add(folder);
    }

    /// <summary>Removes every retired folder; called once when the run ends, however it ends.</summary>
    public static void RemoveRetired()
    {
        string[] folders;
        lock (Retired) { folders = [.. Retired]; Retired.Clear(); }
        foreach (var folder in folders)
        {
            try { Directory.Delete(folder, recursive: true); }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
    }
}
