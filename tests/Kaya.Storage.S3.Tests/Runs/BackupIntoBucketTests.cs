using System.Text.Json;
using Kaya.Storage.S3.Tests.Support;

namespace Kaya.Storage.S3.Tests.Runs;

/// <summary>
/// <c>kaya HOST backup</c> with storage=s3://… in kaya.conf: the repository lands in the bucket over a
/// real sshd, while its password and the host lock stay under backup_root.
/// </summary>
[Collection(CephCollection.Name)]
public sealed class BackupIntoBucketTests(CephCluster cluster, Sshd sshd) : IClassFixture<Sshd>, IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task An_orchestrated_backup_keeps_the_repository_in_the_bucket_and_the_password_in_backup_root()
    {
        using var bucket = await TestBucket.CreateAsync(cluster);
        var source = SourceTree.Generate(_folder.Combine("source"), seed: 9, bigFiles: 1, smallFiles: 20);
        var fleet = new BucketFleet(_folder, bucket, sshd);
        var backupRoot = fleet.BackupRoot;

        var first = await fleet.BackupAsync(source);
        var second = await fleet.BackupAsync(source);

        Assert.True(first.ExitCode == 0, first.Stderr);
        Assert.True(second.ExitCode == 0, second.Stderr);
        var keys = await bucket.AllKeysAsync();
        Assert.Contains("fleet/127.0.0.1/config", keys);
        Assert.Contains(keys, k => k.StartsWith("fleet/127.0.0.1/data/", StringComparison.Ordinal));
        Assert.DoesNotContain(keys, k => k.Contains("repo-password-keep", StringComparison.Ordinal));
        // Locally: the password (and the run's lock and history), never the repository.
        var hostFolder = Path.Combine(backupRoot, "127.0.0.1");
        var password = Path.Combine(hostFolder, "repo-password-keep");
        Assert.True(File.Exists(password));
        Assert.False(File.Exists(Path.Combine(hostFolder, "config")));
        Assert.False(Directory.Exists(Path.Combine(hostFolder, "data")));
        // restic's own s3 backend opens the repository in place: rest-server's layout under the prefix.
        var direct = await Programs.RunAsync("restic",
            ["-r", $"s3:{cluster.Endpoint}{bucket.Name}/fleet/127.0.0.1", "-p", password, "--no-cache", "snapshots", "--json"], bucket.Environment());
        Assert.True(direct.ExitCode == 0, direct.Stderr);
        Assert.Equal(2, JsonDocument.Parse(direct.Stdout).RootElement.GetArrayLength());
    }
}
