using System.Text.Json;
using Kaya.Storage.S3.Tests.Support;

namespace Kaya.Storage.S3.Tests.Lifecycle;

/// <summary>
/// The backup host's own restic on a repository kept in the bucket (storage=s3://… in kaya.conf): it opens the
/// host's prefix with restic's s3 backend, the kept password from backup_root and the credentials from the
/// environment; latest and forget go by the arrivals the history recorded.
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

    [Fact]
    public async Task Snapshots_restore_of_latest_restore_to_target_and_forget_by_arrival_run_on_the_bucket()
    {
        using var bucket = await TestBucket.CreateAsync(cluster);
        var source = SourceTree.Generate(_folder.Combine("source"), seed: 11, bigFiles: 0, smallFiles: 10);
        var fleet = new BucketFleet(_folder, bucket, sshd);
        var first = await fleet.BackupAsync(source);
        Assert.True(first.ExitCode == 0, first.Stderr);

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
}
