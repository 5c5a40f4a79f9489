using Kaya.Orchestrator.Config;
using Kaya.Orchestrator.History;
using Kaya.Orchestrator.Lifecycle;
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
    /// <param name="history">where the arrival ledger's rows go besides the record kept with each repository; null: nowhere else</param>
    /// <exception cref="IOException">the listener could not bind</exception>
    public static Task<KayaServer> StartAsync(KayaConfig config, ILoggerFactory loggerFactory, CancellationToken cancellationToken, HistoryStore? history = null)
    {
        // storage=s3://…: repositories in the bucket; passwords, history and host locks stay in backup_root.
        var store = config.Storage is { } s3 ? new S3RepositoryStore(s3) : null;
        // The arrival of every snapshot, dated by this host's clock (issue 10): retention by arrival reads it.
        // With the repository first (fsync'd lines, or one object per snapshot in a bucket), then the history's row.
        var ledger = SnapshotLedgers.ForStore(config.BackupRoot, store);
        return KayaServer.StartAsync(new KayaServerOptions
        {
            DataPath = config.BackupRoot,
            Store = store,
            DisposeStore = true,
            Listen = [ListenAddress.Loopback(0)],
            Policy = new RepositoryPolicy { AppendOnly = true, Private = true },
            Authentication = ServerAuthentication.RunCredentials,
            // Each run sweeps only its own host's folder, under its lock: other hosts may be mid-upload.
            SweepTemporariesAtStart = false,
            SnapshotLedger = history is null ? ledger : SnapshotLedgers.All(ledger, new HistorySnapshotLedger(history)),
            // rest-server's blob counters, served by kaya daemon on status_listen's /metrics (issue 9), never on this listener.
            CountBlobs = true,
        }, loggerFactory, cancellationToken);
    }
}
