namespace Kaya.Testing;

/// <summary>A tree of files to back up, and the check that a restore brought it back.</summary>
public static class SourceTree
{
    /// <summary>A seeded tree under <paramref name="root"/>: a few files of ~3 MiB, many small ones in "sub dir", an empty one.</summary>
    /// <returns><paramref name="root"/></returns>
    public static string Generate(string root, int seed, int bigFiles = 3, int smallFiles = 200)
    {
        var random = new Random(seed);
        Directory.CreateDirectory(root);
        for (var i = 0; i < bigFiles; i++)
        {
            var data = new byte[3 * 1024 * 1024 + random.Next(100_000)];
            random.NextBytes(data);
            File.WriteAllBytes(Path.Combine(root, $"big-{i}.bin"), data);
        }
        var sub = Path.Combine(root, "sub dir");
        Directory.CreateDirectory(sub);
        for (var i = 0; i < smallFiles; i++)
        {
            var data = new byte[random.Next(1, 20_000)];
            random.NextBytes(data);
            File.WriteAllBytes(Path.Combine(sub, $"small-{i}.dat"), data);
        }
        File.WriteAllText(Path.Combine(root, "empty"), "");
        return root;
    }

    /// <summary>Fails the test unless every file under <paramref name="expected"/> is under <paramref name="actual"/> with the same bytes.</summary>
    public static void AssertSame(string expected, string actual)
    {
        var files = Directory.GetFiles(expected, "*", SearchOption.AllDirectories);
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            var relative = Path.GetRelativePath(expected, file);
            var copy = Path.Combine(actual, relative);
            Assert.True(File.Exists(copy), $"missing after restore: {relative}");
            Assert.True(File.ReadAllBytes(file).AsSpan().SequenceEqual(File.ReadAllBytes(copy)), $"differs after restore: {relative}");
        }
    }
}
