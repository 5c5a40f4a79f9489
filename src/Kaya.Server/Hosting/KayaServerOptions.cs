using Kaya.Server.Access;
using Kaya.Server.Repository;
using Kaya.Server.Storage;

namespace Kaya.Server.Hosting;

/// <summary>Everything the embedded server needs; named after rest-server's flags where one exists.</summary>
public sealed class KayaServerOptions
{
    /// <summary>The folder holding the repositories (--path).</summary>
    public required string DataPath { get; init; }

    /// <summary>
    /// Where repositories are kept; null: a <see cref="FileSystemStore"/> over <see cref="DataPath"/>.
    /// The caller keeps ownership of a store given here, unless <see cref="DisposeStore"/> hands it over.
    /// </summary>
    public IRepositoryStore? Store { get; init; }

    /// <summary>The server disposes <see cref="Store"/> when it is disposed (for a store made only for it).</summary>
    public bool DisposeStore { get; init; }

    /// <summary>Where to listen (--listen); 127.0.0.1:8000 is rest-server's port, on loopback only.</summary>
    public IReadOnlyList<ListenAddress> Listen { get; init; } = [ListenAddress.Loopback(8000)];

    /// <summary>The repository rules for every repository (--append-only, --private-repos, --no-verify-upload).</summary>
    public RepositoryPolicy Policy { get; init; } = RepositoryPolicy.Default;

    /// <summary>
    /// Who may connect (--no-auth, --htpasswd-file). Default: run credentials and <c>DataPath/.htpasswd</c>,
    /// which is rest-server's default file plus the orchestrator's per-run users.
    /// </summary>
    public ServerAuthentication Authentication { get; init; } = ServerAuthentication.HtpasswdAndRunCredentials();

    /// <summary>
    /// Total bytes the data path may hold (--max-size); null: no limit, as in rest-server. Over a store
    /// that is not measured whole (<see cref="Storage.IRepositoryUsage"/>, a bucket): bytes each repository may hold.
    /// </summary>
    public long? MaxSize { get; init; }

    /// <summary>Dirs 0770 and files 0660 (--group-accessible-repos).</summary>
    public bool GroupAccessible { get; init; }

    /// <summary>Serve /metrics (--prometheus), and without authentication (--prometheus-no-auth).</summary>
    public bool Prometheus { get; init; }
    public bool PrometheusNoAuth { get; init; }

    /// <summary>
    /// Count blob reads, writes and deletes (<see cref="KayaServer.BlobMetrics"/>) without serving /metrics here: the
    /// daemon serves them on its own status listener, where the REST server's users cannot read the fleet's counters.
    /// </summary>
    public bool CountBlobs { get; init; }

    /// <summary>Access log in combined format: a file, or "-" for stdout (--log).</summary>
    public string? AccessLog { get; init; }

    /// <summary>TLS certificate and key in PEM (--tls, --tls-cert, --tls-key).</summary>
    public string? TlsCertificate { get; init; }
    public string? TlsKey { get; init; }

    /// <summary>How long shutdown waits for uploads in flight; past it they are cut and discarded whole. 30 s: well inside systemd's 90 s TimeoutStopSec.</summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Remove temporaries left by a crash anywhere under DataPath at start-up (STORE-4). A backup run
    /// turns this off and sweeps only its own host's folder, since other runs may be writing.
    /// </summary>
    public bool SweepTemporariesAtStart { get; init; } = true;

    /// <summary>The clock for log timestamps and snapshot arrival times; tests may substitute one.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Told of each committed snapshot before its 200 (the arrival ledger); null: none is kept.</summary>
    public ISnapshotLedger? SnapshotLedger { get; init; }

    /// <summary>Throws when two settings contradict each other; called when a server is constructed.</summary>
    /// <exception cref="ArgumentException">names the settings in conflict and what to change</exception>
    public void Validate()
    {
        if (Listen.Count == 0) throw new ArgumentException("Listen is empty: give at least one address to listen on");
        if (PrometheusNoAuth && !Prometheus) throw new ArgumentException("PrometheusNoAuth is set but Prometheus is off: turn Prometheus on, or PrometheusNoAuth off");
        if (TlsKey is not null && TlsCertificate is null) throw new ArgumentException($"TlsKey {TlsKey} is set without TlsCertificate: give both, or neither");
        if (Store is not null && GroupAccessible) throw new ArgumentException("GroupAccessible sets file modes of the built-in file system store, but Store names another store: configure that store instead");
    }
}
