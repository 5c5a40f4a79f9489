using System.Net;
using Kaya.Server.Access;
using Kaya.Server.Protocol;
using Kaya.Server.Repository;
using Kaya.Server.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kaya.Server.Hosting;

/// <summary>
/// The restic REST server, hosted in whatever process starts it: <c>kaya serve</c>, or one backup run.
/// </summary>
public sealed partial class KayaServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly AccessLog? _accessLog;
    private readonly KayaServerOptions _options;
    private readonly ILogger _logger;

    private readonly IRepositoryStore _store;

    /// <summary>The store the repositories live in (the file system under DataPath, or the one given in the options).</summary>
    public IRepositoryStore Store => _store;
    private HtpasswdFile? _htpasswd;
    private ReloadableCertificate? _certificate;

    private KayaServer(WebApplication app, AccessLog? accessLog, KayaServerOptions options, RunCredentials runCredentials, IRepositoryStore store, ILogger logger)
    {
        _app = app;
        _store = store;
        _accessLog = accessLog;
        _options = options;
        _runCredentials = runCredentials;
        _logger = logger;
    }

    private readonly RunCredentials _runCredentials;

    /// <summary>rest-server's blob counters (METRICS-1) when <see cref="KayaServerOptions.Prometheus"/> or <see cref="KayaServerOptions.CountBlobs"/> is set; else null.</summary>
    public BlobMetrics? BlobMetrics { get; private init; }

    /// <summary>The bound addresses, as <c>127.0.0.1:PORT</c> or <c>unix:/path</c>.</summary>
    public IReadOnlyList<string> Addresses { get; private set; } = [];

    public static async Task<KayaServer> StartAsync(KayaServerOptions options, ILoggerFactory? loggerFactory = null, CancellationToken cancellationToken = default)
    {
        loggerFactory ??= NullLoggerFactory.Instance;
        options.Validate();
        var logger = loggerFactory.CreateLogger("Kaya.Server");
        Directory.CreateDirectory(options.DataPath);

        // Loaded once here, before listening: a bad pair stops the start; SIGHUP reloads it (Reload).
        var certificate = options.TlsCertificate is { } cert ? new ReloadableCertificate(cert, options.TlsKey, logger) : null;
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Services.AddSingleton(loggerFactory);
        builder.Services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = options.ShutdownTimeout);
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            KestrelLimits.Apply(kestrel);
            foreach (var address in options.Listen) Bind(kestrel, address, certificate);
        });
        // After UseKestrelCore, whose own factory this replaces (the last registration wins).
        builder.Services.AddSingleton<IMemoryPoolFactory<byte>, ReceiveBlockPool.Factory>();
        // The disk threads and staging blocks belong to this server and are disposed with it.
        builder.Services.AddSingleton(_ => new DiskWorkers(DiskWorkers.DefaultThreads));
        builder.Services.AddSingleton(_ => new StagingPool());
        // A factory registration is disposed with the container; an instance registration is not.
        if (options.Store is { } given && options.DisposeStore) builder.Services.AddSingleton<IRepositoryStore>(_ => given);
        else if (options.Store is { } kept) builder.Services.AddSingleton(kept);
        else builder.Services.AddSingleton<IRepositoryStore>(services => new FileSystemStore(
            options.DataPath, options.GroupAccessible, directIo: true, services.GetRequiredService<DiskWorkers>(), services.GetRequiredService<StagingPool>()));

        var app = builder.Build();
        AccessLog? accessLog = null;
        try
        {
            var store = app.Services.GetRequiredService<IRepositoryStore>();
            if (options.SweepTemporariesAtStart)
            {
                var swept = await store.SweepTemporariesAsync(RepositoryPath.Root, cancellationToken);
                if (swept > 0) LogSwept(logger, swept, options.DataPath);
            }

            var runCredentials = new RunCredentials();
            var authentication = options.Authentication;
            var htpasswd = authentication.UsesHtpasswd ? new HtpasswdFile(authentication.HtpasswdFile ?? Path.Combine(options.DataPath, ".htpasswd"), loggerFactory.CreateLogger<HtpasswdFile>()) : null;
            var runs = authentication.UsesRunCredentials ? runCredentials : null;

            // A store that is not measured whole (a bucket) gets a limit per repository, measured on first need.
            ServerQuota? quota = options.MaxSize is not { } max ? null
                : store is IRepositoryUsage usage ? ServerQuota.PerRepository(max, usage)
                : ServerQuota.Whole(new Quota(max, await store.MeasureUsageAsync(cancellationToken)));
            var metrics = options.Prometheus || options.CountBlobs ? new BlobMetrics() : null;
            var protocol = new ResticProtocol(store, htpasswd, runs, new UniformPolicy(options.Policy), quota, metrics, loggerFactory.CreateLogger<ResticProtocol>(), options.SnapshotLedger, options.Time);
            accessLog = options.AccessLog is null ? null : new AccessLog(options.AccessLog);

            var server = new KayaServer(app, accessLog, options, runCredentials, store, logger) { _htpasswd = htpasswd, _certificate = certificate, BlobMetrics = metrics };
            var pipeline = new RequestPipeline(protocol, options.Prometheus ? metrics : null, options, accessLog, logger);
            app.Run(pipeline.InvokeAsync);

            foreach (var address in options.Listen)
            {
                if (address.UnixSocketPath is { } socket && File.Exists(socket)) File.Delete(socket);
            }
            await app.StartAsync(cancellationToken);
            server.Addresses = ReadAddresses(app, options);
            return server;
        }
        catch
        {
            // Nothing of a server that did not start stays behind: threads, blocks, log file.
            await app.DisposeAsync();
            if (accessLog is not null) await accessLog.DisposeAsync();
            throw;
        }
    }

    private static void Bind(Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions kestrel, ListenAddress address, ReloadableCertificate? certificate)
    {
        void Configure(Microsoft.AspNetCore.Server.Kestrel.Core.ListenOptions listen)
        {
            // Asked at every handshake, so a reloaded certificate serves the next connection.
            if (certificate is not null) listen.UseHttps(new Microsoft.AspNetCore.Server.Kestrel.Https.HttpsConnectionAdapterOptions { ServerCertificateSelector = (_, _) => certificate.Current });
        }

        if (address.UnixSocketPath is { } path) kestrel.ListenUnixSocket(path, Configure);
        else kestrel.Listen(address.Tcp!, Configure);
    }

    private static IReadOnlyList<string> ReadAddresses(WebApplication app, KayaServerOptions options)
    {
        var feature = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>();
        if (feature is null || feature.Addresses.Count == 0) return options.Listen.Select(l => l.ToString()).ToList();
        return feature.Addresses.Select(a =>
        {
            var uri = a;
            var scheme = uri.IndexOf("://", StringComparison.Ordinal);
            var rest = scheme >= 0 ? uri[(scheme + 3)..] : uri;
            return rest.StartsWith("unix:", StringComparison.Ordinal) ? rest : rest.TrimEnd('/');
        }).ToList();
    }

    /// <summary>The first bound TCP port (for a listener on port 0).</summary>
    public int Port => Addresses.Select(a => IPEndPoint.TryParse(a, out var ep) ? ep.Port : 0).FirstOrDefault(p => p > 0);

    /// <summary>
    /// Removes what interrupted uploads left in one repository and those nested below it (STORE-4):
    /// a backup run sweeps its own host's repository, under its host lock, while other hosts may be
    /// mid-upload. Returns how many were removed.
    /// </summary>
    public async Task<int> SweepTemporariesAsync(RepositoryPath repository, CancellationToken cancellationToken = default)
    {
        var swept = await _store.SweepTemporariesAsync(repository, cancellationToken);
        if (swept > 0) LogSwept(_logger, swept, repository.ToString());
        return swept;
    }

    /// <summary>Whether the repository exists, i.e. has its config (restic's own test, as LIST-6).</summary>
    public async Task<bool> RepositoryExistsAsync(RepositoryPath repository, CancellationToken cancellationToken = default) =>
        await _store.GetSizeAsync(repository, ObjectKey.Config, cancellationToken) is not null;

    /// <summary>Bytes held by the repository's config and objects (temporaries not counted), and its snapshot count.</summary>
    /// <exception cref="IOException">the store could not read the repository</exception>
    public async Task<RepositoryUsage> MeasureRepositoryAsync(RepositoryPath repository, CancellationToken cancellationToken = default)
    {
        long bytes = await _store.GetSizeAsync(repository, ObjectKey.Config, cancellationToken) ?? 0;
        var snapshots = 0;
        foreach (var type in ObjectTypes.All)
        {
            var entries = await _store.ListAsync(repository, type, cancellationToken);
            if (entries is null) continue;
            await foreach (var entry in entries.AsAsync().WithCancellation(cancellationToken))
            {
                bytes += entry.Size;
                if (type == ObjectType.Snapshots) snapshots++;
            }
        }
        return new RepositoryUsage(bytes, snapshots);
    }

    /// <summary>
    /// Mints credentials for one run (AUTH-6, RUN-1): user = the repository's first folder, a random
    /// password, and the purpose's policy: append-only for a backup, read-only for a restore, private
    /// either way. The server must authenticate with run credentials (see <see cref="KayaServerOptions"/>).
    /// </summary>
    /// <param name="runId">names the run in logs; null: a random id</param>
    /// <param name="quota">a per-repository limit (a host's <c>quota</c>, measured with <see cref="MeasureRepositoryAsync"/>): uploads past it get 507 (QUOTA-2); null: the server's limit, if any</param>
    /// <exception cref="InvalidOperationException">the run id holds a grant already, or the server does not accept run credentials</exception>
    public RunGrant GrantRun(RunPurpose purpose, RepositoryPath repository, string? runId = null, Quota? quota = null)
    {
        if (!_options.Authentication.UsesRunCredentials)
            throw new InvalidOperationException("this server does not accept run credentials: start it with Authentication = RunCredentials or HtpasswdAndRunCredentials");
        var policy = purpose switch
        {
            RunPurpose.Backup => new RepositoryPolicy { AppendOnly = true, Private = true, VerifyUploads = _options.Policy.VerifyUploads },
            RunPurpose.Restore => new RepositoryPolicy { ReadOnly = true, Private = true, VerifyUploads = _options.Policy.VerifyUploads },
            _ => throw new ArgumentOutOfRangeException(nameof(purpose)),
        };
        return _runCredentials.Mint(runId ?? Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(8)), repository, policy, quota);
    }

    /// <summary>
    /// Ends a run's credentials at once (other grants, for the same host too, stay in force), then removes
    /// the lock objects this grant created that are still there (RUN-2: a run cut short leaves no lock
    /// of its own behind). A lock of this grant whose upload commits after this call is removed by
    /// that upload, which then answers 401. Returns the locks removed; each is logged.
    /// </summary>
    /// <remarks>A lock that cannot be removed is logged as an error with its cause and left; this never throws but for cancellation.</remarks>
    public async Task<IReadOnlyList<ObjectId>> RevokeAsync(RunGrant grant, CancellationToken cancellationToken = default)
    {
        _runCredentials.Revoke(grant);
        var removed = new List<ObjectId>();
        foreach (var id in grant.Close())
        {
            try
            {
                if (await _store.DeleteAsync(grant.Repository, ObjectKey.Object(ObjectType.Locks, id), cancellationToken) is null) continue;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                LogLockNotRemoved(_logger, e, id.Value, grant.Repository.ToString(), grant.RunId);
                continue;
            }
            removed.Add(id);
            LogLockRemoved(_logger, id.Value, grant.Repository.ToString(), grant.RunId);
        }
        return removed;
    }

    /// <summary>
    /// What SIGHUP asks of <c>kaya serve</c>: reopen the access log file (logrotate moved it), re-read the
    /// htpasswd file and the TLS certificate and key. Requests and uploads in flight go on untouched. A
    /// certificate or key that cannot be loaded leaves the one in use, and is logged as an error.
    /// </summary>
    /// <returns>what was done, one line per item, for the operator</returns>
    public IReadOnlyList<string> Reload()
    {
        var done = new List<string>();
        if (_accessLog is not null && _options.AccessLog != "-")
        {
            _accessLog.Reopen();
            done.Add($"reopened the access log {_options.AccessLog}");
        }
        if (_htpasswd is not null)
        {
            _htpasswd.Reload();
            done.Add("re-read the htpasswd file");
        }
        if (_certificate is not null)
        {
            done.Add(_certificate.Reload() is { } kept ? kept : $"now serving TLS certificate {_certificate.Current.Thumbprint}");
        }
        return done;
    }

    /// <summary>Stops accepting, lets uploads in flight finish within the shutdown timeout, and removes unix sockets.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        await _app.StopAsync(cancellationToken);
        foreach (var address in _options.Listen)
        {
            if (address.UnixSocketPath is { } socket && File.Exists(socket)) File.Delete(socket);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try { await StopAsync(); }
        catch (ObjectDisposedException) { }
        await _app.DisposeAsync();
        if (_accessLog is not null) await _accessLog.DisposeAsync();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Removed lock {Lock} left in {Repository} by run {RunId}, whose credentials were revoked")]
    private static partial void LogLockRemoved(ILogger logger, string @lock, string repository, string runId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Cannot remove lock {Lock} left in {Repository} by run {RunId}; remove it with 'restic unlock'")]
    private static partial void LogLockNotRemoved(ILogger logger, Exception exception, string @lock, string repository, string runId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Removed {Count} temporary files left by an earlier crash under {Root}")]
    private static partial void LogSwept(ILogger logger, int count, string root);
}
