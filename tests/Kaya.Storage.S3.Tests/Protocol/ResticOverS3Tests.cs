using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using Kaya.Server.Access;
using Kaya.Storage.S3.Tests.Support;

namespace Kaya.Storage.S3.Tests.Protocol;

/// <summary>Kaya's protocol over the S3 store on RGW: raw requests, and restic end to end.</summary>
[Collection(CephCollection.Name)]
public sealed class ResticOverS3Tests(CephCluster cluster) : IAsyncLifetime
{
    private TestBucket _bucket = null!;
    private S3RepositoryStore _store = null!;
    private ProtocolHost _host = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _bucket = await TestBucket.CreateAsync(cluster);
        _store = _bucket.NewStore();
        _host = await ProtocolHost.StartAsync(_store, new RepositoryPolicy { AppendOnly = true });
        _http = new HttpClient { BaseAddress = _host.Address };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _host.DisposeAsync();
        _store.Dispose();
        _bucket.Dispose();
    }

    [Fact]
    public async Task Restic_backs_up_checks_and_restores_through_kaya_on_rgw()
    {
        var source = Directory.CreateTempSubdirectory("kaya-s3-src-").FullName;
        var target = Directory.CreateTempSubdirectory("kaya-s3-restore-").FullName;
        try
        {
            var files = new Dictionary<string, byte[]>
            {
                ["big.bin"] = RandomNumberGenerator.GetBytes(20 * 1024 * 1024),
                ["small.txt"] = "hello, object storage\n"u8.ToArray(),
            };
            for (var i = 0; i < 50; i++) files[$"many/{i}.bin"] = RandomNumberGenerator.GetBytes(3000 + i);
            foreach (var (name, bytes) in files)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(source, name))!);
                await File.WriteAllBytesAsync(Path.Combine(source, name), bytes);
            }

            await ResticAsync("init");
            await ResticAsync("backup", source);
            await ResticAsync("check", "--read-data");
            await ResticAsync("restore", "latest", "--target", target);

            foreach (var (name, bytes) in files)
                Assert.Equal(bytes, await File.ReadAllBytesAsync(target + Path.Combine(source, name)));
            Assert.Contains((await _bucket.AllKeysAsync()), k => k.StartsWith("backups/host1/data/", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(source, recursive: true);
            Directory.Delete(target, recursive: true);
        }
    }

    [Fact]
    public async Task An_upload_whose_hash_is_not_its_name_answers_400_and_leaves_nothing()
    {
        var name = Convert.ToHexStringLower(SHA256.HashData("other"u8));
        using var response = await _http.PostAsync($"/host1/data/{name}", new ByteArrayContent(RandomNumberGenerator.GetBytes(100_000)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(await _bucket.AllKeysAsync());
    }

    [Fact]
    public async Task A_chunked_upload_is_spooled_verified_and_stored()
    {
        var body = RandomNumberGenerator.GetBytes(300_000);
        var name = Convert.ToHexStringLower(SHA256.HashData(body));
        var content = new StreamContent(new MemoryStream(body));
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/host1/keys/{name}") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        using var response = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(body, await _bucket.GetAsync($"backups/host1/keys/{name}"));
    }

    [Fact]
    public async Task A_missing_bucket_answers_500_with_the_S3_error_code_logged_never_404()
    {
        using var store = new S3RepositoryStore(TestBucket.Options(cluster, "kaya-gone-bucket"));
        await using var host = await ProtocolHost.StartAsync(store);
        using var http = new HttpClient { BaseAddress = host.Address };
        var name = new string('a', 64);

        using var head = await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"/host1/data/{name}"));
        using var get = await http.GetAsync("/host1/config");
        using var list = await http.GetAsync("/host1/snapshots/");

        Assert.Equal(HttpStatusCode.InternalServerError, head.StatusCode);
        Assert.Equal(HttpStatusCode.InternalServerError, get.StatusCode);
        Assert.Equal(HttpStatusCode.InternalServerError, list.StatusCode);
        Assert.Contains(host.Log.Lines, l => l.Contains("NoSuchBucket", StringComparison.Ordinal));
    }

    private async Task ResticAsync(params string[] args)
    {
        var info = new ProcessStartInfo("restic") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add("-r");
        info.ArgumentList.Add($"rest:{_host.Address}host1/");
        info.ArgumentList.Add("--no-cache");
        foreach (var a in args) info.ArgumentList.Add(a);
        info.Environment["RESTIC_PASSWORD"] = "correct horse";
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var output = await stdout + await stderr;
        Assert.True(process.ExitCode == 0, $"restic {string.Join(' ', args)} failed:\n{output}");
    }
}
