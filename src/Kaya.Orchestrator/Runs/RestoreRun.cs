using Kaya.Orchestrator.Logging;
using Kaya.Orchestrator.Transport;
using Kaya.Server.Access;
using Kaya.Server.Hosting;
using Kaya.Server.Repository;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kaya.Orchestrator.Runs;

/// <summary>
/// One restore on a target by the target's own restic, through the same reverse tunnel as a backup, with
/// read-only credentials for this run (RUN-1: GET, HEAD and listings, and the run's own locks). It takes no
/// host lock: restic's restore takes a shared lock, so it runs beside a backup of the same host.
/// </summary>
/// <param name="server">a server shared with other runs; null: this run starts its own</param>
public sealed partial class RestoreRun(ISshTransport transport, IBackupOutput output, ILoggerFactory? loggerFactory = null, TimeProvider? time = null, KayaServer? server = null)
{
    private readonly ILoggerFactory _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly ILogger _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Kaya.Orchestrator");

    /// <summary>How long a cancelled restore waits for the target's restic to stop: <see cref="RemoteBootstrap.DefaultStopGrace"/>.</summary>
    public TimeSpan StopGrace { get; init; } = RemoteBootstrap.DefaultStopGrace;

    public async Task<RestoreResult> RunAsync(RestoreRequest request, CancellationToken cancellationToken)
    {
        var started = _time.GetUtcNow();
        var clock = _time.GetTimestamp();
        RestoreResult Ended(RunEnding e, IReadOnlyList<string>? locks = null) => new()
        {
            Host = request.Host,
            Outcome = e.Outcome,
            Started = started,
            Duration = _time.GetElapsedTime(clock),
            ExitCode = e.ExitCode,
            ResticExitCode = e.ResticCode,
            SnapshotId = request.Snapshot,
            Failure = e.Failure,
            LocksRemoved = locks ?? [],
            Exception = e.Exception,
        };

        if (!HostName.IsValid(request.Host))
            return Ended(RunEnding.Of(new ConfigException(HostName.Refusal(request.Host, "IPv6 literals are not supported"))));
        var (ran, failure) = await RemoteRestic.GuardAsync(request.Host, _logger, async () =>
        {
            var (ending, locks) = await RestoreAsync(request, cancellationToken);
            return Ended(ending, locks);
        }, cancellationToken);
        var result = ran ?? Ended(failure!);
        LogEnded(_logger, request.Host, result.Outcome, result.ExitCode);
        return result;
    }

    private async Task<(RunEnding Ending, IReadOnlyList<string> Locks)> RestoreAsync(RestoreRequest request, CancellationToken cancellationToken)
    {
        var config = request.Config;
        var host = request.Host;
        BackupRoot.EnsureExists(config.BackupRoot);
        var hostFolder = Path.Combine(config.BackupRoot, host);
        await using var ownServer = server is null ? await RunServer.StartAsync(config, _loggerFactory, cancellationToken) : null;
        var runServer = server ?? ownServer!;
        var repository = new RepositoryPath([host]);
        if (!await runServer.RepositoryExistsAsync(repository, cancellationToken))
            throw new ConfigException($"{host}: there is no repository for this host ({hostFolder}): nothing to restore; 'kaya {host} backup' makes one");
        var password = RepositoryPassword.Ensure(hostFolder, repositoryExists: true);

        var grant = runServer.GrantRun(RunPurpose.Restore, repository);
        var remote = new RemoteRestic(transport, _logger) { StopGrace = StopGrace };
        var target = new SshTarget(host, config.SshPort, request.User, config.SshIdentity, config.SshKnownHosts, config.ConnectTimeout);
        try
        {
            var exit = await remote.RunAsync(runServer, grant, target, config.RemotePort, "restore", request.ResticArgs(),
                () => password, init: false, output.Out, output.Error, cancellationToken);
            return (remote.Classify(host, exit, cancellationToken.IsCancellationRequested), exit.LocksRemoved);
        }
        finally
        {
            if (ownServer is not null) await ownServer.StopAsync(CancellationToken.None);
        }
    }

    [LoggerMessage(EventId = EventIds.RunEnded, Level = LogLevel.Information, Message = "{Host}: restore ended: {Outcome}, exit code {ExitCode}")]
    private static partial void LogEnded(ILogger logger, string host, BackupOutcome outcome, int exitCode);
}
