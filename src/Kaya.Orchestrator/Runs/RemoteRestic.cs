using System.Security.Cryptography;
using Kaya.Orchestrator.Logging;
using Kaya.Orchestrator.Transport;
using Kaya.Server.Access;
using Kaya.Server.Hosting;
using Kaya.Server.Repository;
using Microsoft.Extensions.Logging;

namespace Kaya.Orchestrator.Runs;

/// <summary>
/// What a backup and a restore on a target share: the bootstrap over SSH with a reverse tunnel to the embedded
/// server, the run's credentials and the repository password on its stdin (never a command line), restic's
/// command on the target, the bootstrap's status line, and, however it ends, the run's grant revoked and the
/// locks its restic left removed (RUN-2). The grant's purpose decides what the target may do.
/// </summary>
internal sealed partial class RemoteRestic(ISshTransport transport, ILogger logger)
{
    /// <summary>How long a cancelled run waits for the target's restic to stop, tunnel and server up.</summary>
    public TimeSpan StopGrace { get; init; } = RemoteBootstrap.DefaultStopGrace;

    /// <summary>Runs <c>restic COMMAND ARGS</c> on the target; throws what the transport throws, after revoking the grant.</summary>
    /// <param name="repositoryPassword">called once the SSH session is up (a first backup makes the password only then)</param>
    /// <param name="init">run <c>restic init</c> first (a first backup)</param>
    public async Task<RemoteResticExit> RunAsync(KayaServer server, RunGrant grant, SshTarget target, int remotePort, string command, IReadOnlyList<string> args,
        Func<string> repositoryPassword, bool init, Action<string> stdout, Action<string> stderr, CancellationToken cancellationToken)
    {
        var nonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var status = new StatusLine(nonce);
        var fatal = new FatalLine();
        RemoteExit exit;
        IReadOnlyList<ObjectId> locksRemoved;
        try
        {
            var invocation = new RemoteInvocation(
                RemoteBootstrap.CommandLine(command, args),
                server.Port,
                remotePort,
                port => RemoteBootstrap.Parameters(nonce, port, grant.User, grant.Password, repositoryPassword(), init),
                line => { if (!status.TryRead(line)) stdout(line); },
                line => { fatal.Observe(line); stderr(line); })
            {
                Stop = RemoteBootstrap.StopLine,
                StopGrace = StopGrace,
                // Vouched for by known_hosts before the target can upload: its snapshots' ledger records carry it.
                HostKey = fingerprint => grant.HostKeyFingerprint = fingerprint,
            };
            LogStarting(logger, target.Host, target.User, target.Port, server.Port);
            exit = await transport.RunAsync(target, invocation, cancellationToken);
        }
        finally
        {
            locksRemoved = await server.RevokeAsync(grant, CancellationToken.None);
            if (locksRemoved.Count > 0) LogLocksRemoved(logger, target.Host, locksRemoved.Count, string.Join(' ', locksRemoved));
        }
        return new RemoteResticExit(exit, status.Code, [.. locksRemoved.Select(l => l.Value)], fatal.Last);
    }

    /// <summary>
    /// How the run ended, in kaya's terms: restic's code when the bootstrap reported one, a transport failure when
    /// it did not, interrupted when the caller cancelled and restic did not finish anyway (0, or a backup's 3).
    /// </summary>
    public RunEnding Classify(string host, RemoteResticExit ended, bool cancelled)
    {
        if (cancelled && ended.ResticCode is not (0 or ExitCodes.ResticIncomplete))
        {
            var how = ended.ResticCode is { } stopped ? $"restic on the target stopped (exit {stopped})" : ended.Exit.Reason ?? "the remote command ended without a status";
            LogInterrupted(logger, host, how);
            return new(BackupOutcome.Interrupted, ExitCodes.Interrupted, $"{host}: interrupted; {how}", true, ended.ResticCode);
        }
        if (ended.ResticCode is not { } code)
        {
            var why = ended.Exit.Reason ?? (ended.Exit.ExitStatus is { } s
                ? $"the remote command ended with {s} before restic reported a status (killed?)"
                : "the remote command ended without an exit status (killed, or the connection dropped)");
            var dropped = new TransportException($"{host}: {why}");
            return new(BackupOutcome.TransportFailed, dropped.ExitCode, dropped.OneLine, dropped.IsTransient, null, dropped);
        }
        return code switch
        {
            0 => new(BackupOutcome.Succeeded, ExitCodes.Success, null, false, 0),
            ExitCodes.BootstrapIncompleteParameters => new(BackupOutcome.TransportFailed, ExitCodes.Transport, $"{host}: the bootstrap did not receive its parameters", true, code),
            ExitCodes.ResticNotInstalled => new(BackupOutcome.ResticFailed, code, $"{host}: restic is not installed (or not on PATH) on the target", false, code),
            _ => new(BackupOutcome.ResticFailed, code > 0 ? code : ExitCodes.Failure,
                ended.Fatal is { } cause ? $"{host}: restic exited with {code}: {cause}" : $"{host}: restic exited with {code}", false, code),
        };
    }

    /// <summary>
    /// Runs a run's body and turns every way it can fail into an ending: a classified failure as it is, a
    /// cancellation before restic started on the target as interrupted (nothing to stop there), anything else
    /// as unexpected. Exactly one of the two is non-null.
    /// </summary>
    public static async Task<(T? Result, RunEnding? Failure)> GuardAsync<T>(string host, ILogger logger, Func<Task<T>> body, CancellationToken cancellationToken) where T : class
    {
        try
        {
            return (await body(), null);
        }
        catch (KayaException e)
        {
            // Classified where it happened: only logged and turned into the result here.
            LogFailed(logger, host, e.OneLine, e);
            return (null, RunEnding.Of(e));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return (null, new RunEnding(BackupOutcome.Interrupted, ExitCodes.Interrupted, $"{host}: interrupted before restic started on the target", true, null));
        }
        // Any other cancellation (a timer nobody classified) is unexpected.
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogFailedUnexpectedly(logger, host, e);
            return (null, RunEnding.Of(new UnexpectedException($"{host}: the run failed", e)));
        }
    }

    [LoggerMessage(EventId = EventIds.RunFailed, Level = LogLevel.Debug, Message = "{Host}: run failed: {Failure}")]
    private static partial void LogFailed(ILogger logger, string host, string failure, Exception exception);

    // Debug: the result carries the failure and the CLI prints it as one line; the stack is for --debug.
    [LoggerMessage(EventId = EventIds.RunFailedUnexpectedly, Level = LogLevel.Debug, Message = "{Host}: run failed unexpectedly")]
    private static partial void LogFailedUnexpectedly(ILogger logger, string host, Exception exception);

    [LoggerMessage(EventId = EventIds.RunStarting, Level = LogLevel.Debug, Message = "Connecting to {User}@{Host}:{SshPort}, tunnel to 127.0.0.1:{LocalPort}")]
    private static partial void LogStarting(ILogger logger, string host, string user, int sshPort, int localPort);

    [LoggerMessage(EventId = EventIds.RunLocksRemoved, Level = LogLevel.Warning, Message = "{Host}: restic left {Count} lock(s) of this run in the repository; the server removed them: {Locks}")]
    private static partial void LogLocksRemoved(ILogger logger, string host, int count, string locks);

    [LoggerMessage(EventId = EventIds.RunInterrupted, Level = LogLevel.Information, Message = "{Host}: run interrupted: {How}")]
    private static partial void LogInterrupted(ILogger logger, string host, string how);

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

/// <summary>How restic on the target ended.</summary>
/// <param name="Exit">the transport's account</param>
/// <param name="ResticCode">the bootstrap's status (restic's code, or the bootstrap's own); null when none arrived</param>
/// <param name="LocksRemoved">locks of the run's grant that the server removed at its end</param>
/// <param name="Fatal">the last "Fatal: …" line restic wrote on stderr, bounded (<see cref="FatalLine"/>); null when none</param>
internal sealed record RemoteResticExit(RemoteExit Exit, int? ResticCode, IReadOnlyList<string> LocksRemoved, string? Fatal = null);

/// <summary>A run's ending in kaya's terms, before the run adds what is its own (a backup's summary, a restore's snapshot).</summary>
internal sealed record RunEnding(BackupOutcome Outcome, int ExitCode, string? Failure, bool Transient, int? ResticCode, KayaException? Exception = null)
{
    /// <summary>A classified failure: its outcome by its exit code, its one line, the exception for --debug.</summary>
    public static RunEnding Of(KayaException e) => new(BackupResult.OutcomeOf(e), e.ExitCode, e.OneLine, e.IsTransient, null, e);
}
