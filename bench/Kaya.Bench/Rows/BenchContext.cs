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

    /// <summary>Measurement folders hold hundreds of MiB each: removed as soon as their figure is taken.</summary>
    public static void Remove(string folder)
    {
        try { Directory.Delete(folder, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
