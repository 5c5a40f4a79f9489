namespace Kaya.Bench.Data;

/// <summary>
/// The on-disk data sets, generated once under bench/work/ and reused while their marker file says
/// they were made with the same sizes and seed (generation is seeded, so a regenerated set is identical).
/// </summary>
public static class DataSets
{
    private const ulong ListingSeed = 3, TreeSeed = 5;

    /// <summary>
    /// A repository named "repo" under the returned folder whose data/ holds fileCount empty files in the
    /// layout all three servers use (data/xx/&lt;sha256&gt;), plus the other type folders and a config.
    /// </summary>
    public static string ListingRepository(string work, int fileCount)
    {
        var root = Path.Combine(work, "datasets", $"listing-{fileCount}");
        var marker = root + ".done";
        if (File.Exists(marker)) return root;
        if (Directory.Exists(root)) Directory.Delete(root, recursive: true);

        var repo = Path.Combine(root, "repo");
        foreach (var type in new[] { "keys", "locks", "snapshots", "index" }) Directory.CreateDirectory(Path.Combine(repo, type));
        for (var i = 0; i < 256; i++) Directory.CreateDirectory(Path.Combine(repo, "data", i.ToString("x2")));
        File.WriteAllBytes(Path.Combine(repo, "config"), SeededBytes.Create(ListingSeed, 155));

        var random = new SeededBytes(ListingSeed);
        Span<byte> name = stackalloc byte[32];
        for (var i = 0; i < fileCount; i++)
        {
            random.Fill(name);
            var id = Convert.ToHexStringLower(name);
            File.WriteAllBytes(Path.Combine(repo, "data", id[..2], id), []);
        }
        File.WriteAllText(marker, $"{fileCount} files, seed {ListingSeed}\n");
        return root;
    }

    /// <summary>
    /// The tree restic backs up: large files, medium files spread over folders, tiny files. Contents are
    /// seeded and distinct, so restic's deduplication finds nothing to share inside the first backup.
    /// </summary>
    public static string ResticTree(string work, TreeShape shape)
    {
        var root = Path.Combine(work, "datasets", $"tree-{shape.LargeFiles}x{shape.LargeSize}-{shape.MediumFiles}x{shape.MediumSize}-{shape.TinyFiles}");
        var marker = root + ".done";
        if (File.Exists(marker)) return root;
        if (Directory.Exists(root)) Directory.Delete(root, recursive: true);

        var random = new SeededBytes(TreeSeed);
        var buffer = new byte[Math.Max(shape.LargeSize, shape.MediumSize)];
        Write("large", shape.LargeFiles, _ => shape.LargeSize, filesPerFolder: 8);
        Write("medium", shape.MediumFiles, _ => shape.MediumSize, filesPerFolder: 100);
        // Tiny: 0-511 bytes, like the config files and scripts of a real system.
        Write("tiny", shape.TinyFiles, _ => random.Next(512), filesPerFolder: 100);
        File.WriteAllText(marker, $"{shape}, seed {TreeSeed}\n");
        return root;

        void Write(string kind, int count, Func<int, int> size, int filesPerFolder)
        {
            for (var i = 0; i < count; i++)
            {
                var folder = Path.Combine(root, kind, (i / filesPerFolder).ToString("d3"));
                Directory.CreateDirectory(folder);
                var bytes = buffer.AsSpan(0, size(i));
                random.Fill(bytes);
                using var file = File.Create(Path.Combine(folder, $"{kind}-{i:d5}.bin"));
                file.Write(bytes);
            }
        }
    }
}

/// <summary>The restic tree's sizes: the full run's is ~0.5 GiB (8 × 32 MiB, 4,000 × 64 KiB, 3,000 tiny).</summary>
public sealed record TreeShape(int LargeFiles, int LargeSize, int MediumFiles, int MediumSize, int TinyFiles);
