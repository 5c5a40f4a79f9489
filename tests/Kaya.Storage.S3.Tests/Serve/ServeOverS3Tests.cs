using System.Net;
using System.Text.Json;
using Amazon.S3.Model;
using Kaya.Storage.S3.Tests.Support;

namespace Kaya.Storage.S3.Tests.Serve;

/// <summary><c>kaya serve --storage s3://…</c> as a process: restic end to end, and the ways it refuses to start.</summary>
[Collection(CephCollection.Name)]
public sealed class ServeOverS3Tests(CephCluster cluster) : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Restic_backs_up_restores_and_checks_through_kaya_serve_on_a_bucket_and_cannot_forget_in_append_only()
    {
        using var bucket = await TestBucket.CreateAsync(cluster);
        await using var server = await bucket.ServeAsync(_folder.Combine("state"), "--no-auth", "--append-only");
        // One file of ~3 MiB and 50 small ones: large and small PUTs both go through the streaming path.
        var source = SourceTree.Generate(_folder.Combine("source"), seed: 14, bigFiles: 1, smallFiles: 50);
        var restic = new Restic($"rest:{server.Url}host1/");

        await restic.MustAsync("init");
        await restic.MustAsync("backup", source);
        await restic.MustAsync("check", "--read-data");
        await restic.MustAsync("restore", "latest", "--target", _folder.Combine("restore"));
        var forget = await restic.RunAsync("forget", "latest", "--prune");

        SourceTree.AssertSame(source, _folder.Combine("restore") + source);
        Assert.NotEqual(0, forget.ExitCode);
        Assert.Single(JsonDocument.Parse(await restic.MustAsync("snapshots", "--json")).RootElement.EnumerateArray());
        var keys = await bucket.AllKeysAsync();
        Assert.Contains(keys, k => k.StartsWith("backups/host1/data/", StringComparison.Ordinal));
        Assert.Contains("backups/host1/config", keys);
        // Nothing of the repository under the local path: it holds only what a front keeps (none here).
        Assert.False(Directory.Exists(_folder.Combine("state", "host1")));
    }

    [Fact]
    public async Task A_missing_bucket_stops_the_start_with_one_line_naming_it_and_NoSuchBucket()
    {
        using var bucket = await TestBucket.CreateAsync(cluster);
        var result = await Programs.RunAsync("dotnet",
            [KayaCli.Dll, "serve", "--storage", "s3://kaya-no-such-bucket/x", "--s3-endpoint", cluster.Endpoint.ToString(), "--path", _folder.Path, "--no-auth", "--listen", "127.0.0.1:0"],
            bucket.Environment());

        Assert.NotEqual(0, result.ExitCode);
        var line = Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("s3://kaya-no-such-bucket/", line);
        Assert.Contains("NoSuchBucket", line);
    }

    [Fact]
    public async Task Refused_credentials_stop_the_start_with_one_line()
    {
        using var bucket = await TestBucket.CreateAsync(cluster);
        var env = bucket.Environment();
        env["AWS_SECRET_ACCESS_KEY"] = "wrong";
        var result = await Programs.RunAsync("dotnet",
            [KayaCli.Dll, "serve", "--storage", bucket.Storage(), "--s3-endpoint", cluster.Endpoint.ToString(), "--path", _folder.Path, "--no-auth", "--listen", "127.0.0.1:0"],
            env);

        Assert.NotEqual(0, result.ExitCode);
        var line = Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("403", line);
    }

    [Fact]
    public async Task A_bucket_gone_while_serving_answers_500_never_404_and_logs_the_S3_error_code()
    {
        using var bucket = await TestBucket.CreateAsync(cluster);
        await using var server = await bucket.ServeAsync(_folder.Path, "--no-auth");
        await bucket.Client.DeleteBucketAsync(new DeleteBucketRequest { BucketName = bucket.Name });
        using var http = new HttpClient { BaseAddress = server.Url };

        using var head = await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"/host1/data/{new string('a', 64)}"));
        using var get = await http.GetAsync("/host1/config");
        using var list = await http.GetAsync("/host1/snapshots/");

        Assert.Equal(HttpStatusCode.InternalServerError, head.StatusCode);
        Assert.Equal(HttpStatusCode.InternalServerError, get.StatusCode);
        Assert.Equal(HttpStatusCode.InternalServerError, list.StatusCode);
        Assert.Contains("NoSuchBucket", server.Output);
    }

    [Theory]
    [InlineData("--storage s3://B/x", "is not a bucket name")]
    [InlineData("--storage /srv/backups", "expected s3://BUCKET/PREFIX")]
    [InlineData("--s3-endpoint http://rgw:7480", "require --storage")]
    [InlineData("--storage s3://bucket/x --s3-endpoint rgw:7480", "expected an S3 endpoint URL")]
    public async Task A_malformed_storage_option_is_a_usage_error(string args, string expected)
    {
        var result = await KayaCli.RunAsync(["serve", "--path", _folder.Path, .. args.Split(' ')]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, result.Stderr);
    }
}
