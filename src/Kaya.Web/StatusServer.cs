using System.Net;
using System.Security.Cryptography.X509Certificates;
using Kaya.Server.Access;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kaya.Web;

/// <summary>
/// The status page's own Kestrel listener (status_listen): <c>/</c>, <c>/host/HOST</c>, <c>/api/status</c>,
/// <c>/api/hosts/HOST/runs</c> and <c>/metrics</c>, read-only. <c>kaya daemon</c> starts it beside its runs and
/// stops it at shutdown; it shares nothing with the REST server but the htpasswd parser.
/// </summary>
public sealed class StatusServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private StatusServer(WebApplication app, IPEndPoint endpoint)
    {
        _app = app;
        Endpoint = endpoint;
    }

    /// <summary>The bound address and port (the real port when <see cref="StatusServerOptions.Listen"/> asked for 0).</summary>
    public IPEndPoint Endpoint { get; }

    /// <summary>The page's address, e.g. <c>http://127.0.0.1:9130/</c>.</summary>
    public Uri Url { get; private init; } = null!;

    /// <summary>Binds and starts serving.</summary>
    /// <exception cref="ArgumentException">
    /// a one-line, actionable refusal: authentication off loopback without TLS, a missing status_htpasswd, a TLS key
    /// without its certificate, an unreadable certificate
    /// </exception>
    /// <exception cref="IOException">the address is taken or cannot be bound (the message names it)</exception>
    public static async Task<StatusServer> StartAsync(StatusServerOptions options, ILoggerFactory? loggerFactory = null, CancellationToken cancellationToken = default)
    {
        loggerFactory ??= NullLoggerFactory.Instance;
        var certificate = Validate(options);
        var users = options.Htpasswd is { } file ? OpenUsers(file, loggerFactory) : null;

        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Services.AddSingleton(loggerFactory);
        builder.Services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = options.ShutdownTimeout);
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            // A page and its JSON are small; nothing is uploaded. 64 KiB of headers and no body at all.
            kestrel.Limits.MaxRequestHeadersTotalSize = 64 * 1024;
            kestrel.Limits.MaxRequestBodySize = 0;
            kestrel.Listen(options.Listen, listen =>
            {
                if (certificate is not null) listen.UseHttps(certificate);
            });
        });
        var app = builder.Build();
        // The allowed Host names need the bound port (port 0 picks one at start), so the handler is set just after.
        StatusRequests? requests = null;
        app.Run(context => requests is { } r ? r.InvokeAsync(context) : StatusRequests.StartingAsync(context));
        try
        {
            await app.StartAsync(cancellationToken);
            var endpoint = Bound(app, options.Listen);
            var hosts = new AllowedHosts(endpoint, options.HostNames, certificate);
            requests = new StatusRequests(options, users, hosts, loggerFactory.CreateLogger("Kaya.Web"));
            var scheme = certificate is null ? "http" : "https";
            var host = IPAddress.Any.Equals(endpoint.Address) ? "127.0.0.1" : IPAddress.IPv6Any.Equals(endpoint.Address) ? "[::1]" : endpoint.Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{endpoint.Address}]" : endpoint.Address.ToString();
            return new StatusServer(app, endpoint) { Url = new Uri($"{scheme}://{host}:{endpoint.Port}/") };
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException)
        {
            await app.DisposeAsync();
            throw new IOException($"status_listen {options.Listen}: cannot listen there: {e.Message}", e);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    /// <summary>Stops accepting and lets requests in flight finish within the shutdown timeout.</summary>
    public Task StopAsync(CancellationToken cancellationToken = default) => _app.StopAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        try { await StopAsync(); }
        catch (ObjectDisposedException) { }
        await _app.DisposeAsync();
    }

    private static X509Certificate2? Validate(StatusServerOptions options)
    {
        if (options.TlsKey is not null && options.TlsCertificate is null)
            throw new ArgumentException($"status TLS key {options.TlsKey} is set without a certificate: give both, or neither");
        // A password in clear over a network is a password given away (issue 13: off loopback, authentication requires TLS).
        if (options.Htpasswd is not null && options.TlsCertificate is null && !IPAddress.IsLoopback(options.Listen.Address))
            throw new ArgumentException($"status_listen {options.Listen} is not loopback and status_htpasswd is set: give the page a TLS certificate and key, or listen on 127.0.0.1");
        if (options.TlsCertificate is not { } cert) return null;
        try
        {
            return X509Certificate2.CreateFromPemFile(cert, options.TlsKey);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
        {
            throw new ArgumentException($"status TLS certificate {cert}: cannot read it with its key {options.TlsKey ?? cert}: {e.Message}", e);
        }
    }

    private static HtpasswdFile OpenUsers(string file, ILoggerFactory loggerFactory)
    {
        try
        {
            return new HtpasswdFile(file, loggerFactory.CreateLogger<HtpasswdFile>());
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var why = e is FileNotFoundException ? "it does not exist" : e.Message;
            throw new ArgumentException($"status_htpasswd {file}: {why}; create it with 'htpasswd -B -c {file} USER'", e);
        }
    }

    private static IPEndPoint Bound(WebApplication app, IPEndPoint asked)
    {
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        if (address is null) return asked;
        var port = new Uri(address.Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal)).Port;
        return new IPEndPoint(asked.Address, port);
    }
}
