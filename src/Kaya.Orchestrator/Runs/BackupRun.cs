using Kaya.Orchestrator.Transport;
using Kaya.Server.Access;
using Kaya.Server.Hosting;
using Kaya.Server.Repository;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kaya.Orchestrator.Runs;

/// <summary>
/// One backup of one host: lock, password, the embedded server (shared by a fleet's runs, or its own on an
/// ephemeral loopback port), SSH with a reverse tunnel, the bootstrap on the target, teardown. Every ending
/// is a <see cref="BackupResult"/>.
/// </summary>
/// <param name="server">the server all runs of one <c>kaya run</c> or <c>kaya daemon</c> share (<see cref="RunServer"/>); null: this run starts its own</param>
/// <param name="history">where a server this run starts records arrivals besides the repository's ledger; null: only there</param>
public sealed partial class BackupRun(ISshTransport transport, IBackupOutput output, ILoggerFactory? loggerFactory = null, TimeProvider? time = null, KayaServer? server = null,
    History.HistoryStore? history = null)
{
    private readonly KayaServer? _sharedServer = server;
    private readonly ILoggerFactory _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly ILogger _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Kaya.Orchestrator");

    /// <summary>How long a cancelled run waits for the target's restic to stop, tunnel and server up: <see cref="RemoteBootstrap.DefaultStopGrace"/>.</summary>
    public TimeSpan StopGrace { get; init; } = RemoteBootstrap.DefaultStopGrace;

    public async Task<BackupResult> RunAsync(BackupRequest request, CancellationToken cancellationToken)
    {
        var started = _time.GetUtcNow();
        var clock = _time.GetTimestamp();
        BackupResult Result(BackupOutcome outcome, int exitCode, string? failure = null, bool transient = false, int? code = null, ResticSummary? summary = null, KayaException? exception = null) => new()
        {
            Host = request.Host,
            Outcome = outcome,
            Started = started,
            Duration = _time.GetElapsedTime(clock),
            ExitCode = exitCode,
            ResticExitCode = code,
            SnapshotId = summary?.SnapshotId,
            BytesAdded = summary?.AddedBytes,
            FilesNew = summary?.FilesNew,
            FilesChanged = summary?.FilesChanged,
            FilesUnmodified = summary?.FilesUnmodified,
            BytesProcessed = summary?.BytesProcessed,
            Failure = failure,
            IsTransient = transient,
            Exception = exception,
        };
        BackupResult Ended(RunEnding e) => Result(e.Outcome, e.ExitCode, e.Failure, e.Transient, e.ResticCode, exception: e.Exception);

        if (!HostName.IsValid(request.Host))
            return Ended(RunEnding.Of(new ConfigException(HostName.Refusal(request.Host, "IPv6 literals are not supported"))));
        var (ran, failure) = await RemoteRestic.GuardAsync(request.Host, _logger, () => RunLockedAsync(request, Result, cancellationToken), cancellationToken);
        var result = ran ?? Ended(failure!);
        LogEnded(_logger, request.Host, result.Outcome, result.ExitCode);
        return result;
    }

    private delegate BackupResult ResultFactory(BackupOutcome outcome, int exitCode, string? failure = null, bool transient = false, int? code = null, ResticSummary? summary = null, KayaException? exception = null);

    private async Task<BackupResult> RunLockedAsync(BackupRequest request, ResultFactory result, CancellationToken cancellationToken)
    {
        var config = request.Config;
        var host = request.Host;
        // Never created here: a missing root is most often a volume that is not mounted.
        BackupRoot.EnsureExists(config.BackupRoot);
        using var hostLock = HostLock.Acquire(config.BackupRoot, host);

        var hostFolder = Path.Combine(config.BackupRoot, host);
        await using var ownServer = _sharedServer is null ? await RunServer.StartAsync(config, _loggerFactory, cancellationToken, history) : null;
        var server = _sharedServer ?? ownServer!;
        var repository = new RepositoryPath([host]);
        // storage=s3://…: the repository lives in the bucket; its password and the lock stay in backup_root.
        var firstRun = new FirstRun(hostFolder, _logger, config.Storage is null ? null : server.Store, repository);
        var exists = await ReadRepositoryAsync(server, repository, hostFolder, cancellationToken);
        // An existing repository's password is read before connecting: a missing one stops the run before SSH.
        // A new host's folder and password are made only once the SSH session is up (see the tunnel's stdin below).
        string? repositoryPassword = exists ? RepositoryPassword.Ensure(hostFolder, repositoryExists: true) : null;

        // A host's quota is its repository's alone: what it holds now, measured through the server, counts.
        var quota = request.Quota is { } limit ? new Quota(limit, exists ? (await MeasureAsync(server, repository, hostFolder, cancellationToken))?.Bytes ?? 0 : 0) : null;
        var grant = server.GrantRun(RunPurpose.Backup, repository, request.RunId, quota);
        var summary = new ResticSummary();
        var remote = new RemoteRestic(transport, _logger) { StopGrace = StopGrace };
        RemoteResticExit exit;
        RepositoryUsage? usage = null;
        var transportEnded = false;
        try
        {
            var target = new SshTarget(host, config.SshPort, request.User, config.SshIdentity, config.SshKnownHosts, config.ConnectTimeout);
            exit = await remote.RunAsync(server, grant, target, config.RemotePort,
                // --json: progress and the summary as data (restic 0.14's message shapes), not scraped text.
                "backup", ["--json", .. request.ResticArgs],
                () => repositoryPassword ??= firstRun.CreatePassword(), init: !exists,
                line =>
                {
                    switch (summary.Observe(line))
                    {
                        case ResticLine.Status: output.Progress(summary.Progress!); break;
                        case ResticLine.Summary: foreach (var l in summary.SummaryLines()) output.Out(l); break;
                        case ResticLine.Error: output.Error(summary.LastError!); break;
                        case ResticLine.Text: output.Out(line); break;
                    }
                },
                // restic 0.14 writes its --json errors to stderr: shown as their text.
                line => output.Error(summary.Observe(line) == ResticLine.Error ? summary.LastError! : line),
                cancellationToken);
            transportEnded = true;
            // Through the server's storage, so status and metrics never read repository folders.
            usage = await MeasureAsync(server, repository, hostFolder, cancellationToken);
        }
        finally
        {
            if (ownServer is not null) await ownServer.StopAsync(CancellationToken.None);
            // Thrown or cancelled: once the server has let go of the folder, take back what this first run made.
            if (!transportEnded) await firstRun.UndoUnlessInitialisedAsync();
        }

        BackupResult ended;
        if (exit.ResticCode == ExitCodes.ResticIncomplete)
        {
            // A restic that saved its snapshot before the stop reached it ended as it would have anyway.
            output.Error($"warning: {host}: some source files could not be read; snapshot {summary.SnapshotId} is incomplete");
            ended = result(BackupOutcome.Incomplete, ExitCodes.Success, code: ExitCodes.ResticIncomplete, summary: summary);
        }
        else
        {
            var ending = remote.Classify(host, exit, cancellationToken.IsCancellationRequested);
            ended = result(ending.Outcome, ending.ExitCode, ending.Failure, ending.Transient, ending.ResticCode, summary, ending.Exception);
        }
        ended = ended with { RepositoryBytes = usage?.Bytes, SnapshotCount = usage?.Snapshots };
        if (quota is { Refusals: > 0 } && ended.Outcome == BackupOutcome.ResticFailed)
            ended = ended with { Failure = $"{host}: the repository reached its quota of {ByteText.Format(quota.Limit)} ({quota.Limit} bytes) and the server refused uploads past it; raise quota in the host's hosts.d file, or forget and prune old snapshots" };
        if (ended.Outcome is not (BackupOutcome.Succeeded or BackupOutcome.Incomplete)) await firstRun.UndoUnlessInitialisedAsync();
        return ended with { LocksRemoved = exit.LocksRemoved };
    }

    /// <summary>Whether HOST's repository has its config, after sweeping its temporaries; a fault reading it is a <see cref="StorageException"/>.</summary>
    private static async Task<bool> ReadRepositoryAsync(KayaServer server, RepositoryPath repository, string hostFolder, CancellationToken cancellationToken)
    {
        try
        {
            // Only this host's temporaries, and only under its lock: other hosts may be mid-upload.
            await server.SweepTemporariesAsync(repository, cancellationToken);
            return await server.RepositoryExistsAsync(repository, cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StorageException($"{hostFolder}: cannot read the repository or remove the temporary files of an interrupted run: {e.Message} (check the ownership and permissions of the folder)", e);
        }
    }

    /// <summary>The repository's size and snapshot count; null (and a warning) when the store cannot read it: the run's result stands.</summary>
    private async Task<RepositoryUsage?> MeasureAsync(KayaServer server, RepositoryPath repository, string hostFolder, CancellationToken cancellationToken)
    {
        try
        {
            return await server.MeasureRepositoryAsync(repository, cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            LogNotMeasured(_logger, hostFolder, e.Message);
            return null;
        }
    }
}
