using System.Net;
using System.Security.Cryptography;
using Kaya.Server.Access;
using Kaya.Server.Hosting;
using Kaya.Storage.S3.Tests.Support;

namespace Kaya.Storage.S3.Tests.Protocol;

/// <summary>Kaya's protocol over the S3 store on RGW, in process: raw requests, exact statuses.</summary>
[Collection(CephCollection.Name)]
public sealed class ProtocolOverS3Tests(CephCluster cluster) : IAsyncLifetime
{
    private readonly TempFolder _folder = new();
    private TestBucket _bucket = null!;
    private S3RepositoryStore _store = null!;
    private KayaServer _server = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _bucket = await TestBucket.CreateAsync(cluster);
        _store = _bucket.NewStore();
        _server = await KayaServer.StartAsync(new KayaServerOptions
        {
            DataPath = _folder.Path,
            Store = _store,
            Listen = [ListenAddress.Loopback(0)],
            Authentication = ServerAuthentication.None,
            Policy = new RepositoryPolicy { AppendOnly = true },
        });
        _http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_server.Port}/") };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
        _store.Dispose();
        _bucket.Dispose();
        _folder.Dispose();
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
    public async Task An_identical_re_upload_answers_200_and_a_different_body_under_the_config_403()
    {
        var config = RandomNumberGenerator.GetBytes(155);
        using var first = await _http.PostAsync("/host1/config", new ByteArrayContent(config));
        using var again = await _http.PostAsync("/host1/config", new ByteArrayContent(config));
        using var other = await _http.PostAsync("/host1/config", new ByteArrayContent(RandomNumberGenerator.GetBytes(155)));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        Assert.Equal(config, await _bucket.GetAsync("backups/host1/config"));
    }

    [Fact]
    public async Task RGW_stopped_mid_upload_answers_500_or_503_and_nothing_partial_is_visible_after_it_returns()
    {
        var body = RandomNumberGenerator.GetBytes(4 * 1024 * 1024);
        var name = Convert.ToHexStringLower(SHA256.HashData(body));
        var content = new PausedContent(body, pauseAt: 1024 * 1024);
        var post = _http.PostAsync($"/host1/data/{name}", content);
        HttpStatusCode status;
        try
        {
            await content.Paused;
            // Let the first MiB travel on to RGW before it goes away.
            await Task.Delay(200);
            await cluster.StopRgwAsync();
            content.Resume();
            using var response = await post;
            status = response.StatusCode;
        }
        finally
        {
            content.Resume();
            await cluster.StartRgwAsync();
        }

        Assert.Contains(status, new[] { HttpStatusCode.InternalServerError, HttpStatusCode.ServiceUnavailable });
        using var head = await _http.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"/host1/data/{name}"));
        Assert.Equal(HttpStatusCode.NotFound, head.StatusCode);
        Assert.Empty(await _bucket.AllKeysAsync());
    }

    /// <summary>A body of known length that stops after <c>pauseAt</c> bytes until told to go on.</summary>
    private sealed class PausedContent(byte[] body, int pauseAt) : HttpContent
    {
        private readonly TaskCompletionSource _paused = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _resume = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Paused => _paused.Task;

        public void Resume() => _resume.TrySetResult();

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await stream.WriteAsync(body.AsMemory(0, pauseAt));
            await stream.FlushAsync();
            _paused.TrySetResult();
            await _resume.Task;
            await stream.WriteAsync(body.AsMemory(pauseAt));
        }

        protected override bool TryComputeLength(out long length)
        {
            length = body.Length;
            return true;
        }
    }
}
