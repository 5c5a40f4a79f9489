using System.Text.Json;
using Kaya.Storage.S3.Tests.Support;

namespace Kaya.Storage.S3.Tests.Lifecycle;

/// <summary>
/// <c>kaya scrub</c> on a repository kept in the bucket (storage=s3://… in kaya.conf): every object is listed and
/// read back through the S3 store and re-hashed, without the password.
/// </summary>
[Collection(CephCollection.Name)]
public sealed class ScrubOnBucketTests(CephCluster cluster, Sshd sshd) : IClassFixture<Sshd>, IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Scrub_finds_a_pack_overwritten_in_the_bucket_corrupt_and_a_clean_repository_scrubs_clean()
    {
        using var bucket = await TestBucket.CreateAsync(cluster);
        var source = SourceTree.Generate(_folder.Combine("source"), seed: 12, bigFiles: 0, smallFiles: 10);
        var fleet = new BucketFleet(_folder, bucket, sshd);
        var backup = await fleet.BackupAsync(source);
        Assert.True(backup.ExitCode == 0, backup.Stderr);

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
