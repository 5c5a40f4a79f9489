using System.Text.Json;
using Kaya.Storage.S3.Tests.Support;

namespace Kaya.Storage.S3.Tests.Lifecycle;

/// <summary>
/// The backup host's own restic on a repository kept in the bucket (storage=s3://… in kaya.conf): it opens the
/// host's prefix with restic's s3 backend, the kept password from backup_root and the credentials from the
/// environment; latest and forget go by the arrivals the history recorded. <c>kaya scrub</c> reads the bucket's
/// objects through the S3 store and re-hashes them, without the password.
/// </summary>
[Collection(CephCollection.Name)]
public sealed class ResticOnBucketTests(CephCluster cluster, Sshd sshd) : IClassFixture<Sshd>, IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static async Task<List<string>> SnapshotIdsAsync(BucketFleet fleet)
    {
        var listed = await fleet.HostAsync("snapshots", "--", "--json");
        Assert.True(listed.ExitCode == 0, listed.Stderr);
        return [.. JsonDocument.Parse(listed.Stdout).RootElement.EnumerateArray().Select(s => s.GetProperty("id").GetString()!)];
    }

    /// <summary>A fleet on <paramref name="bucket"/> with one backup of a small generated tree done.</summary>
    private async Task<(BucketFleet Fleet, string Source)> BackedUpAsync(TestBucket bucket, int seed)
    {
        var source = SourceTree.Generate(_folder.Combine("source"), seed, bigFiles: 0, smallFiles: 10);
        var fleet = new BucketFleet(_folder, bucket, sshd);
        var first = await fleet.BackupAsync(source);
        Assert.True(first.ExitCode == 0, first.Stderr);
        return (fleet, source);
    }

    [Fact]
    public async Task Snapshots_restore_of_latest_restore_to_target_and_forget_by_arrival_run_on_the_bucket()
    {
        using var bucket = await TestBucket.CreateAsync(cluster);
        var (fleet, source) = await BackedUpAsync(bucket, seed: 11);

        var firstId = Assert.Single(await SnapshotIdsAsync(fleet));
        var target = _folder.Combine("restored");
        var restored = await fleet.HostAsync("restore", "--", "latest", "--target", target);
        Assert.True(restored.ExitCode == 0, restored.Stderr);
        Assert.Contains($"latest is snapshot {firstId[..8]}", restored.Stderr, StringComparison.Ordinal);
        // restic restores a snapshot's absolute paths under the target.
        SourceTree.AssertSame(source, Path.Combine(target, source.TrimStart('/')));

        var second = await fleet.BackupAsync(source);
        Assert.True(second.ExitCode == 0, second.Stderr);
        var both = await SnapshotIdsAsync(fleet);
        Assert.Equal(2, both.Count);
        var secondId = Assert.Single(both, id => id != firstId);
        // restore-to-target: the target's restic reads through the run's server; latest is resolved on the backup host.
        var onTarget = _folder.Combine("on-target");
        var pushed = await fleet.TargetAsync("restore-to-target", "latest", "--target", onTarget);
        Assert.True(pushed.ExitCode == 0, pushed.Stdout + pushed.Stderr);
        Assert.Contains($"latest is snapshot {secondId[..8]}", pushed.Stderr, StringComparison.Ordinal);
        SourceTree.AssertSame(source, Path.Combine(onTarget, source.TrimStart('/')));

        var forget = await fleet.HostAsync("forget", "--keep-last", "1");
        Assert.True(forget.ExitCode == 0, forget.Stdout + forget.Stderr);
        Assert.Contains("1 of 2 snapshots to remove", forget.Stdout, StringComparison.Ordinal);
        Assert.Equal([secondId], await SnapshotIdsAsync(fleet));
        // Nothing of the repository was made under backup_root by the local commands: it stays in the bucket.
        Assert.False(File.Exists(Path.Combine(fleet.BackupRoot, "127.0.0.1", "config")));
        Assert.False(Directory.Exists(Path.Combine(fleet.BackupRoot, "127.0.0.1", "snapshots")));
    }

    [Fact]
    public async Task Scrub_finds_a_pack_overwritten_in_the_bucket_corrupt_and_a_clean_repository_scrubs_clean()
    {
        using var bucket = await TestBucket.CreateAsync(cluster);
        var (fleet, _) = await BackedUpAsync(bucket, seed: 12);

        var clean = await fleet.KayaAsync("scrub", "--json");
        Assert.True(clean.ExitCode == 0, clean.Stdout + clean.Stderr);
        var result = Assert.Single(JsonDocument.Parse(clean.Stdout).RootElement.EnumerateArray());
        Assert.Equal($"s3:{cluster.Endpoint.GetLeftPart(UriPartial.Authority)}/{bucket.Name}/fleet/127.0.0.1", result.GetProperty("repository").GetString());
        Assert.True(result.GetProperty("completed").GetBoolean());
        Assert.Empty(result.GetProperty("findings").EnumerateArray());
        var keys = await bucket.AllKeysAsync();
        // config, keys/, snapshots/, index/ and data/: every object of the repository was re-hashed (not the repository's marker, locks or Kaya's dot-names).
        Assert.Equal(keys.Count(k => k.StartsWith("fleet/127.0.0.1/", StringComparison.Ordinal) && !k.EndsWith('/') && !k.Contains("/locks/", StringComparison.Ordinal) && !k.Contains("/.", StringComparison.Ordinal)),
            result.GetProperty("objects_checked").GetInt64());

        // Different bytes under the same key, behind Kaya's back: bit rot as the bucket would show it.
        var pack = keys.Where(k => k.StartsWith("fleet/127.0.0.1/data/", StringComparison.Ordinal)).Order(StringComparer.Ordinal).First();
        var original = await bucket.GetAsync(pack);
        var damaged = (byte[])original.Clone();
        damaged[damaged.Length / 2] ^= 0x01;
        await bucket.PutRawAsync(pack, damaged);

        var found = await fleet.KayaAsync("scrub", "127.0.0.1");
        Assert.True(found.ExitCode == 1, found.Stdout + found.Stderr);
        var relative = pack["fleet/127.0.0.1/".Length..];
        var finding = Assert.Single(found.Stdout.Split('\n'), l => l.StartsWith("127.0.0.1: corrupt", StringComparison.Ordinal) || l.StartsWith("127.0.0.1: unreadable", StringComparison.Ordinal));
        Assert.StartsWith($"127.0.0.1: corrupt {relative}: ", finding, StringComparison.Ordinal);
        Assert.Contains("1 problem (1 corrupt)", found.Stdout, StringComparison.Ordinal);
        // The repository itself stays in the bucket; backup_root/HOST keeps only host-side state (no cursor after a complete scrub).
        Assert.False(File.Exists(Path.Combine(fleet.BackupRoot, "127.0.0.1", "config")));
        Assert.False(File.Exists(Path.Combine(fleet.BackupRoot, "127.0.0.1", ".kaya-scrub")));
    }
}
