using System.Security.Cryptography;
using Kaya.Orchestrator.Transport;
using Kaya.Server.Access;
using Kaya.Server.Hosting;
using Kaya.Server.Repository;
using Kaya.Storage.S3;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kaya.Orchestrator.Runs;

/// <summary>
/// One backup of one host: lock, password, embedded server on an ephemeral loopback port, SSH with a
/// reverse tunnel, the bootstrap on the target, teardown. Every ending is a <see cref="BackupResult"/>.
/// </summary>
public sealed partial class BackupRun(ISshTransport transport, IBackupOutput output, ILoggerFactory? loggerFactory = null, TimeProvider? time = null)
{
    private readonly ILoggerFactory _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly ILogger _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Kaya.Orchestrator");

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
            Failure = failure,
            IsTransient = transient,
            Exception = exception,
        };
        BackupResult Failed(KayaException e) => Result(BackupResult.OutcomeOf(e), e.ExitCode, e.OneLine, e.IsTransient, exception: e);

        if (!HostName.IsValid(request.Host))
            return Failed(new ConfigException($"\"{request.Host}\" is not a host name kaya can use (letters, digits, '.', '-', '_'; IPv6 literals are not supported)"));
        BackupResult result;
        try
        {
            result = await RunLockedAsync(request, Result, cancellationToken);
        }
        catch (KayaException e)
        {
            // Classified where it happened: only logged and turned into the result here.
            LogFailed(_logger, request.Host, e.OneLine, e);
            return Failed(e);
        }
        // A cancellation the caller asked for is the caller's to report; any other (a timer nobody classified) is unexpected.
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var unexpected = new UnexpectedException($"{request.Host}: the run failed", e);
            LogFailedUnexpectedly(_logger, request.Host, e);
            return Failed(unexpected);
        }
        LogEnded(_logger, request.Host, result.Outcome, result.ExitCode);
        return result;
    }

    private delegate BackupResult ResultFactory(BackupOutcome outcome, int exitCode, string? failure = null, bool transient = false, int? code = null, ResticSummary? summary = null, KayaException? exception = null);

    private async Task<BackupResult> RunLockedAsync(BackupRequest request, ResultFactory result, CancellationToken cancellationToken)
    {
        var config = request.Config;
        var host = request.Host;
        // Never created here: a missing root is most often a volume that is not mounted.
        if (File.Exists(config.BackupRoot)) throw new StorageException($"backup_root {config.BackupRoot} is a file, not a folder; correct backup_root in the config");
        if (!Directory.Exists(config.BackupRoot)) throw new BackupRootMissingException(config.BackupRoot);
        using var hostLock = HostLock.Acquire(config.BackupRoot, host);

        var hostFolder = Path.Combine(config.BackupRoot, host);
        var repository = new RepositoryPath([host]);
        // storage=s3://…: the repository lives in the bucket; its password and the lock stay in backup_root.
        using var store = config.Storage is { } s3 ? new S3RepositoryStore(s3) : null;
        var firstRun = new FirstRun(hostFolder, _logger, store, repository);
        await using var server = await KayaServer.StartAsync(new KayaServerOptions
        {
            DataPath = config.BackupRoot,
            Store = store,
            Listen = [ListenAddress.Loopback(0)],
            Policy = new RepositoryPolicy { AppendOnly = true, Private = true },
            Authentication = ServerAuthentication.RunCredentials,
            SweepTemporariesAtStart = false,
        }, _loggerFactory, cancellationToken);
        var exists = await ReadRepositoryAsync(server, repository, hostFolder, cancellationToken);
        // An existing repository's password is read before connecting: a missing one stops the run before SSH.
        // A new host's folder and password are made only once the SSH session is up (see the tunnel's stdin below).
        string? repositoryPassword = exists ? RepositoryPassword.Ensure(hostFolder, repositoryExists: true) : null;

        var grant = server.GrantRun(RunPurpose.Backup, repository);
        var nonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var status = new StatusLine(nonce);
        var summary = new ResticSummary();
        RemoteExit exit;
        var transportEnded = false;
        try
        {
            var invocation = new RemoteInvocation(
                RemoteBootstrap.CommandLine(request.ResticArgs),
                server.Port,
                config.RemotePort,
                port => RemoteBootstrap.Parameters(nonce, port, grant.User, grant.Password, repositoryPassword ??= firstRun.CreatePassword(), init: !exists),
                line =>
                {
                    if (status.TryRead(line)) return;
                    summary.Observe(line);
                    output.Out(line);
                },
                output.Error);
            var target = new SshTarget(host, config.SshPort, request.User, config.SshIdentity, config.SshKnownHosts, config.ConnectTimeout);
            LogStarting(_logger, host, request.User, config.SshPort, server.Port);
            exit = await transport.RunAsync(target, invocation, cancellationToken);
            transportEnded = true;
        }
        finally
        {
            await server.RevokeAsync(grant, CancellationToken.None);
            await server.StopAsync(CancellationToken.None);
            // Thrown or cancelled: once the server has let go of the folder, take back what this first run made.
            if (!transportEnded) await firstRun.UndoUnlessInitialisedAsync();
        }

        var ended = Classify(host, exit, status, summary, result);
        if (ended.Outcome is not (BackupOutcome.Succeeded or BackupOutcome.Incomplete)) await firstRun.UndoUnlessInitialisedAsync();
        return ended;
    }

    private BackupResult Classify(string host, RemoteExit exit, StatusLine status, ResticSummary summary, ResultFactory result)
    {
        if (status.Code is not { } code)
        {
            var why = exit.Reason ?? (exit.ExitStatus is { } s
                ? $"the remote command ended with {s} before restic reported a status (killed?)"
                : "the remote command ended without an exit status (killed, or the connection dropped)");
            var dropped = new TransportException($"{host}: {why}");
            return result(BackupOutcome.TransportFailed, dropped.ExitCode, dropped.OneLine, dropped.IsTransient, summary: summary, exception: dropped);
        }
        return code switch
        {
            0 => result(BackupOutcome.Succeeded, ExitCodes.Success, code: 0, summary: summary),
            ExitCodes.ResticIncomplete => Incomplete(),
            ExitCodes.BootstrapIncompleteParameters => result(BackupOutcome.TransportFailed, ExitCodes.Transport, $"{host}: the bootstrap did not receive its parameters", transient: true, code: code, summary: summary),
            ExitCodes.ResticNotInstalled => result(BackupOutcome.ResticFailed, code, $"{host}: restic is not installed (or not on PATH) on the target", code: code, summary: summary),
            _ => result(BackupOutcome.ResticFailed, code > 0 ? code : ExitCodes.Failure, $"{host}: restic exited with {code}", code: code, summary: summary),
        };

        BackupResult Incomplete()
        {
            output.Error($"warning: {host}: some source files could not be read; snapshot {summary.SnapshotId} is incomplete");
            return result(BackupOutcome.Incomplete, ExitCodes.Success, code: ExitCodes.ResticIncomplete, summary: summary);
        }
    }

    /// <summary>The server's sweep, its faults classified here: an unreadable file under the host folder is a storage fault, not a crash.</summary>
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

    /// <summary>Recognises the bootstrap's last line; the nonce keeps a file name in restic's output from posing as it.</summary>
    private sealed class StatusLine(string nonce)
    {
        private readonly string _prefix = $"{RemoteBootstrap.StatusWord} {nonce} ";
        public int? Code { get; private set; }

        public bool TryRead(string line)
        {
            if (!line.StartsWith(_prefix, StringComparison.Ordinal)) return false;
            if (int.TryParse(line.AsSpan(_prefix.Length), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var code)) Code = code;
            return true;
        }
    }
}
