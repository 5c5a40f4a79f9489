using System.Security.Cryptography;
using Kaya.Orchestrator.Transport;
using Kaya.Server.Access;
using Kaya.Server.Hosting;
using Kaya.Server.Repository;
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
        BackupResult Result(BackupOutcome outcome, string? failure = null, bool transient = false, int? code = null, ResticSummary? summary = null) => new()
        {
            Host = request.Host,
            Outcome = outcome,
            Started = started,
            Duration = _time.GetElapsedTime(clock),
            ResticExitCode = code,
            SnapshotId = summary?.SnapshotId,
            BytesAdded = summary?.AddedBytes,
            Failure = failure,
            IsTransient = transient,
        };

        if (!HostName.IsValid(request.Host))
            return Result(BackupOutcome.ConfigFailed, $"\"{request.Host}\" is not a host name kaya can use (letters, digits, '.', '-', '_'; IPv6 literals are not supported)");
        try
        {
            return await RunLockedAsync(request, Result, cancellationToken);
        }
        catch (HostBusyException e) { return Result(BackupOutcome.HostBusy, e.Message, e.IsTransient); }
        catch (HostKeyException e) { return Result(BackupOutcome.TransportFailed, e.Message, e.IsTransient); }
        catch (TransportException e) { return Result(BackupOutcome.TransportFailed, e.Message, e.IsTransient); }
        catch (KayaException e) { return Result(BackupOutcome.ConfigFailed, e.Message, e.IsTransient); }
    }

    private delegate BackupResult ResultFactory(BackupOutcome outcome, string? failure = null, bool transient = false, int? code = null, ResticSummary? summary = null);

    private async Task<BackupResult> RunLockedAsync(BackupRequest request, ResultFactory result, CancellationToken cancellationToken)
    {
        var config = request.Config;
        var host = request.Host;
        using var hostLock = HostLock.Acquire(config.BackupRoot, host);

        var hostFolder = Path.Combine(config.BackupRoot, host);
        await using var server = await KayaServer.StartAsync(new KayaServerOptions
        {
            DataPath = config.BackupRoot,
            Listen = [ListenAddress.Loopback(0)],
            Policy = new RepositoryPolicy { AppendOnly = true, Private = true },
            Authentication = ServerAuthentication.RunCredentials,
            SweepTemporariesAtStart = false,
        }, _loggerFactory, cancellationToken);
        var repository = new RepositoryPath([host]);
        var exists = await server.RepositoryExistsAsync(repository, cancellationToken);
        var repositoryPassword = RepositoryPassword.Ensure(hostFolder, exists);
        // Only this host's temporaries, and only under its lock: other hosts may be mid-upload.
        await server.SweepTemporariesAsync(repository, cancellationToken);

        var grant = server.GrantRun(RunPurpose.Backup, repository);
        var nonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var status = new StatusLine(nonce);
        var summary = new ResticSummary();
        RemoteExit exit;
        try
        {
            var invocation = new RemoteInvocation(
                RemoteBootstrap.CommandLine(request.ResticArgs),
                server.Port,
                config.RemotePort,
                port => RemoteBootstrap.Parameters(nonce, port, grant.User, grant.Password, repositoryPassword, init: !exists),
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
        }
        finally
        {
            await server.RevokeAsync(grant, CancellationToken.None);
            await server.StopAsync(CancellationToken.None);
        }

        if (status.Code is not { } code)
        {
            var why = exit.Reason ?? (exit.ExitStatus is { } s
                ? $"the remote command ended with {s} before restic reported a status (killed?)"
                : "the remote command ended without an exit status (killed, or the connection dropped)");
            return result(BackupOutcome.TransportFailed, $"{host}: {why}", transient: true, summary: summary);
        }
        return code switch
        {
            0 => result(BackupOutcome.Succeeded, code: 0, summary: summary),
            3 => Incomplete(),
            RemoteBootstrap.IncompleteParameters => result(BackupOutcome.TransportFailed, $"{host}: the bootstrap did not receive its parameters", transient: true, code: code, summary: summary),
            127 => result(BackupOutcome.ResticFailed, $"{host}: restic is not installed (or not on PATH) on the target", code: code, summary: summary),
            _ => result(BackupOutcome.ResticFailed, $"{host}: restic exited with {code}", code: code, summary: summary),
        };

        BackupResult Incomplete()
        {
            output.Error($"warning: {host}: some source files could not be read; snapshot {summary.SnapshotId} is incomplete");
            return result(BackupOutcome.Incomplete, code: 3, summary: summary);
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
