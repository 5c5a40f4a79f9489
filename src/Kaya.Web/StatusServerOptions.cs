using System.Net;
using Kaya.Orchestrator.Config;

namespace Kaya.Web;

/// <summary>How the status page listens and whom it lets in. kaya.conf's status_* keys map onto these.</summary>
public sealed record StatusServerOptions
{
    /// <summary>The default listener: loopback port 9130 (issue 9's status_listen), beside node_exporter's 9100.</summary>
    public static IPEndPoint DefaultListen => new(IPAddress.Loopback, 9130);

    /// <summary>Where to listen (status_listen); port 0 picks a free port (tests). Off loopback only when named.</summary>
    public IPEndPoint Listen { get; init; } = DefaultListen;

    /// <summary>The fleet the pages show; required.</summary>
    public required IFleetSource Source { get; init; }

    /// <summary>
    /// The /metrics text (Prometheus text format 0.0.4), e.g. the daemon's fleet metrics plus the server's blob
    /// counters; null: <see cref="Orchestrator.Monitoring.FleetMetrics.Render"/> of the snapshot.
    /// </summary>
    public Func<CancellationToken, Task<string>>? Metrics { get; init; }

    /// <summary>
    /// status_htpasswd: users allowed to see the page, /api and /metrics (basic auth, the server's parser). Never the
    /// REST server's file: a host's backup credential must not show the fleet. Null: no authentication.
    /// </summary>
    public string? Htpasswd { get; init; }

    /// <summary>TLS certificate and key, PEM. Required with <see cref="Htpasswd"/> off loopback: a password must not cross a network in clear.</summary>
    public string? TlsCertificate { get; init; }

    /// <summary>The certificate's private key, PEM; null: in <see cref="TlsCertificate"/>'s file.</summary>
    public string? TlsKey { get; init; }

    /// <summary>
    /// Names the page may be reached by besides the listen address (the Host header is checked against DNS
    /// rebinding): e.g. <c>backup.example.com</c>. The TLS certificate's DNS names are added by themselves.
    /// </summary>
    public IReadOnlyList<string> HostNames { get; init; } = [];

    /// <summary>The options kaya.conf gives: status_listen, status_htpasswd, status_tls_cert, status_tls_key.</summary>
    public static StatusServerOptions FromConfig(KayaConfig config, IFleetSource source) => new()
    {
        Listen = config.StatusListen,
        Source = source,
        Htpasswd = config.StatusHtpasswd,
        TlsCertificate = config.StatusTlsCert,
        TlsKey = config.StatusTlsKey,
    };

    /// <summary>How long a stop waits for requests in flight: 5 s, far more than rendering a page takes.</summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(5);
}
