using System.Net.Http.Headers;
using System.Text;
using Kaya.Server.Access;
using Kaya.Server.Hosting;

namespace Kaya.Server.Tests;

/// <summary>A real Kestrel-hosted Kaya server on 127.0.0.1 and a free port, over a fresh temp folder.</summary>
public sealed class InProcessServer : IAsyncDisposable
{
    private InProcessServer(KayaServer server, string root)
    {
        Server = server;
        Root = root;
        Client = NewClient();
    }

    public KayaServer Server { get; }
    public string Root { get; }
    public HttpClient Client { get; }
    public Uri BaseAddress => new($"http://127.0.0.1:{Server.Port}");

    public static Task<InProcessServer> StartAsync(RepositoryPolicy? policy = null, bool noAuth = true, long? maxSize = null, bool prometheus = false, bool prometheusNoAuth = false, string? root = null, string? htpasswd = null)
    {
        root ??= new TempFolder().Path;
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

    public static async Task<InProcessServer> StartAsync(KayaServerOptions options, Microsoft.Extensions.Logging.ILoggerFactory? loggerFactory = null)
    {
        var server = await KayaServer.StartAsync(options, loggerFactory);
        return new InProcessServer(server, options.DataPath);
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
