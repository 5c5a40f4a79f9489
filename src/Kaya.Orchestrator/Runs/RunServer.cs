using Kaya.Orchestrator.Config;
using Kaya.Server.Access;
using Kaya.Storage.S3;
using Kaya.Server.Hosting;
using Microsoft.Extensions.Logging;

namespace Kaya.Orchestrator.Runs;

/// <summary>
/// The embedded server backup runs push to: one Kestrel listener on an ephemeral loopback port, run credentials
/// only, append-only and private (issue 9). <c>kaya run</c> and <c>kaya daemon</c> start one for all their runs;
/// <c>kaya HOST backup</c> one for its run.
/// </summary>
public static class RunServer
{
    /// <exception cref="IOException">the listener could not bind</exception>
    public static Task<KayaServer> StartAsync(KayaConfig config, ILoggerFactory loggerFactory, CancellationToken cancellationToken) =>
        KayaServer.StartAsync(new KayaServerOptions
        {
            DataPath = config.BackupRoot,
            // storage=s3://…: repositories in the bucket; passwords, history and host locks stay in backup_root.
            Store = config.Storage is { } s3 ? new S3RepositoryStore(s3) : null,
            DisposeStore = true,
            Listen = [ListenAddress.Loopback(0)],
            Policy = new RepositoryPolicy { AppendOnly = true, Private = true },
            Authentication = ServerAuthentication.RunCredentials,
            // Each run sweeps only its own host's folder, under its lock: other hosts may be mid-upload.
            SweepTemporariesAtStart = false,
            // The arrival of every snapshot, dated by this host's clock (issue 10): retention by arrival reads it.
            SnapshotLedger = new Lifecycle.FileSnapshotLedger(config.BackupRoot),
            // rest-server's blob counters, served by kaya daemon on status_listen's /metrics (issue 9), never on this listener.
            CountBlobs = true,
        }, loggerFactory, cancellationToken);
}
