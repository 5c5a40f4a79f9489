using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Kaya.Server.Access;
using Kaya.Server.Hosting;

namespace Kaya.Server.Tests;

/// <summary>A real Kestrel-hosted Kaya server on 127.0.0.1 and a free port, over a fresh temp folder.</summary>
public sealed class RunningServer : IAsyncDisposable
{
    private RunningServer(KayaServer server, string root)
    {
        Server = server;
        Root = root;
        Client = NewClient();
    }

    public KayaServer Server { get; }
    public string Root { get; }
    public HttpClient Client { get; }
    public Uri BaseAddress => new($"http://127.0.0.1:{Server.Port}");

    public static Task<RunningServer> StartAsync(RepositoryPolicy? policy = null, bool noAuth = true, long? maxSize = null, bool prometheus = false, bool prometheusNoAuth = false, string? root = null, string? htpasswd = null)
    {
        root ??= TempDir.Create();
        return StartAsync(new KayaServerOptions
        {
            DataPath = root,
            Listen = [ListenAddress.Loopback(0)],
            Policy = policy ?? RepositoryPolicy.Default,
            Authentication = noAuth ? ServerAuthentication.None : ServerAuthentication.HtpasswdAndRunCredentials(htpasswd),
            MaxSize = maxSize,
            Prometheus = prometheus,
            PrometheusNoAuth = prometheusNoAuth,
        });
    }

    public static async Task<RunningServer> StartAsync(KayaServerOptions options, Microsoft.Extensions.Logging.ILoggerFactory? loggerFactory = null)
    {
        var server = await KayaServer.StartAsync(options, loggerFactory);
        return new RunningServer(server, options.DataPath);
    }

    public HttpClient NewClient(string? user = null, string? password = null)
    {
        var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, AutomaticDecompression = System.Net.DecompressionMethods.None })
        {
            BaseAddress = BaseAddress,
        };
        if (user is not null)
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { }
    }
}

public static class Blob
{
    /// <summary>Content and its restic name (sha256 hex).</summary>
    public static (byte[] Data, string Id) Make(string text) => Make(Encoding.UTF8.GetBytes(text));

    public static (byte[] Data, string Id) Make(byte[] data) => (data, Convert.ToHexStringLower(SHA256.HashData(data)));

    public static (byte[] Data, string Id) Random(int size)
    {
        var data = new byte[size];
        System.Random.Shared.NextBytes(data);
        return Make(data);
    }
}

public static class TempDir
{
    public static string Create()
    {
        var dir = Path.Combine(Path.GetTempPath(), "kaya-test-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(dir);
        return dir;
    }
}

public static class Http
{
    public static HttpRequestMessage Request(HttpMethod method, string path, byte[]? body = null, string? accept = null, string? range = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        }
        if (accept is not null) request.Headers.TryAddWithoutValidation("Accept", accept);
        if (range is not null) request.Headers.TryAddWithoutValidation("Range", range);
        return request;
    }

    public static Task<HttpResponseMessage> Post(this HttpClient c, string path, byte[] body) => c.SendAsync(Request(HttpMethod.Post, path, body));
    public static Task<HttpResponseMessage> Get(this HttpClient c, string path, string? range = null, string? accept = null) => c.SendAsync(Request(HttpMethod.Get, path, range: range, accept: accept));
    public static Task<HttpResponseMessage> Head(this HttpClient c, string path) => c.SendAsync(Request(HttpMethod.Head, path));
    public static Task<HttpResponseMessage> Delete(this HttpClient c, string path) => c.SendAsync(Request(HttpMethod.Delete, path));
    public static Task<HttpResponseMessage> Create(this HttpClient c, string repo) => c.SendAsync(Request(HttpMethod.Post, repo + "?create=true", []));

    public static async Task<int> Status(this Task<HttpResponseMessage> response) => (int)(await response).StatusCode;

    public static async Task<string> Body(this HttpResponseMessage response) => await response.Content.ReadAsStringAsync();
}
