using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Kaya.Orchestrator.Logging;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kaya.Orchestrator.Transport;

/// <summary>
/// The system <c>ssh</c> client: honours ~/.ssh/config, ssh-agent and ProxyJump, and moves several
/// times the bytes per second of SSH.NET at a fraction of the target's CPU (measured: see README).
/// </summary>
/// <param name="sshPath">The ssh client to run: "ssh", found on PATH as a shell finds it.</param>
/// <param name="logger">Where the transport says what it does; null: nowhere.</param>
/// <param name="time">The clock for the grace period of a stop; null: the system clock.</param>
public sealed partial class OpenSshTransport(string sshPath = "ssh", ILogger? logger = null, TimeProvider? time = null) : ISshTransport
{
    private readonly ILogger _logger = logger ?? NullLogger.Instance;
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public async Task<RemoteExit> RunAsync(SshTarget target, RemoteInvocation invocation, CancellationToken cancellationToken)
    {
        LogStarting(_logger, sshPath, target.User, target.Host, target.Port, invocation.RemotePort, invocation.LocalPort);
        var ssh = Resolve(sshPath) ?? throw new TransportException($"cannot start {sshPath}: not found on PATH (install openssh-client, or set ssh_transport=sshnet)", isTransient: false);
        // The host key the target shows, told by ssh itself through KnownHostsCommand (see HostKeyReport).
        var hostKeyNonce = invocation.HostKey is not null && await OpenSshVersion.HasKnownHostsCommandAsync(ssh)
            ? Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)) : null;
        var hostKeyTold = 0;
        using var process = new Process { StartInfo = StartInfo(ssh, target, invocation, hostKeyNonce) };
        try { process.Start(); }
        catch (System.ComponentModel.Win32Exception e)
        {
            LogFailed(_logger, target.Host, e);
            throw new TransportException($"cannot start {sshPath}: {e.Message} (install openssh-client, or set ssh_transport=sshnet)", isTransient: false, e);
        }

        var port = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (invocation.RemotePort != 0) port.TrySetResult(invocation.RemotePort);
        // ssh's own messages share stderr with the remote command's: keep the tail to explain a failure.
        var tail = new Queue<string>();
        var remoteSpoke = false;
        var stderr = PumpAsync(process.StandardError, line =>
        {
            if (hostKeyNonce is not null && HostKeyReport.TryRead(line, hostKeyNonce, out var fingerprint))
            {
                // ssh reports during the key exchange, before it authenticates and runs anything; the first report only.
                if (fingerprint is not null && Interlocked.Exchange(ref hostKeyTold, 1) == 0) invocation.HostKey?.Invoke(fingerprint);
                return;
            }
            var allocated = AllocatedPort().Match(line);
            if (allocated.Success && port.TrySetResult(int.Parse(allocated.Groups[1].Value, CultureInfo.InvariantCulture))) return;
            lock (tail)
            {
                tail.Enqueue(line);
                if (tail.Count > 40) tail.Dequeue();
            }
            invocation.Stderr(line);
        });
        var stdout = PumpAsync(process.StandardOutput, line =>
        {
            remoteSpoke = true;
            invocation.Stdout(line);
        });
        var exited = process.WaitForExitAsync(CancellationToken.None);

        // Until the command has its parameters nothing runs remotely: a cancellation just ends ssh.
        var killedEarly = false;
        var early = cancellationToken.Register(() =>
        {
            killedEarly = true;
            Kill(process);
        });
        var first = await Task.WhenAny(port.Task, exited);
        RemoteStop? stop = null;
        if (first == port.Task)
        {
            // Secrets go to stdin only; stdin then stays open: the bootstrap takes EOF as "the backup host is gone".
            var bound = await port.Task;
            LogTunnelUp(_logger, target.Host, bound, invocation.LocalPort);
            byte[] payload;
            try { payload = Encoding.UTF8.GetBytes(invocation.Stdin(bound)); }
            catch
            {
                // The caller could not give the parameters (its host folder cannot be made): end the session, then tell it.
                await early.DisposeAsync();
                Kill(process);
                await exited;
                throw;
            }
            await WriteAsync(process, payload);
            // Disposing waits for a kill under way; from here on a cancellation asks the command to stop instead.
            await early.DisposeAsync();
            if (!killedEarly)
                stop = RemoteStop.Arm(target.Host, invocation, bytes => WriteAsync(process, bytes), () => Kill(process), _time, _logger, cancellationToken);
        }

        await exited;
        await Task.WhenAll(stdout, stderr);
        await early.DisposeAsync();
        if (stop is not null) await stop.DisposeAsync();
        try { process.StandardInput.Close(); } catch (IOException) { }
        // Cancelled before the command ran: nothing to report but the cancellation.
        if (stop is not { Requested: true }) cancellationToken.ThrowIfCancellationRequested();
        if (stop is { Dropped: true })
        {
            LogExited(_logger, target.Host, process.ExitCode);
            return new RemoteExit(null, stop.DroppedReason);
        }

        var code = process.ExitCode;
        LogExited(_logger, target.Host, code);
        string[] errors;
        lock (tail) errors = [.. tail];
        if (!port.Task.IsCompleted || code == 255)
        {
            // Before anything ran remotely (a refused host key stops ssh before authentication).
            if (!remoteSpoke && errors.Any(l => l.Contains("Host key verification failed", StringComparison.Ordinal)))
            {
                var changed = errors.Any(l => l.Contains("IDENTIFICATION HAS CHANGED", StringComparison.Ordinal));
                throw new HostKeyException(
                    $"{target.Host}:{target.Port}: host key {(changed ? "does not match" : "is not in")} {target.KnownHostsPath}; nothing was run. " +
                    (changed ? "If the host was reinstalled, remove the old key (ssh-keygen -R) and " : "To trust it, ") + HostKeyAdvice.For(target));
            }
            var reason = errors.LastOrDefault(IsSshMessage) ?? errors.LastOrDefault(l => l.Length > 0) ?? $"ssh exited with {code}";
            // A refused key needs a person; a refused or timed-out connection may pass.
            var denied = !remoteSpoke && errors.Any(l => l.Contains("Permission denied", StringComparison.Ordinal));
            if (!port.Task.IsCompleted) throw new TransportException($"{target.Host}:{target.Port}: ssh failed before the tunnel was up: {reason}", isTransient: !denied);
            return new RemoteExit(null, $"ssh exited with {code}: {reason}");
        }
        return new RemoteExit(code, null);
    }

    /// <summary>The ssh program as a shell finds it: a path as given, a bare name on PATH; null when there is none.</summary>
    private static string? Resolve(string program)
    {
        if (program.Contains('/')) return File.Exists(program) ? program : null;
        foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(folder, program);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }

    /// <summary>
    /// ssh started through sh with SIGINT and SIGQUIT ignored: a Ctrl-C on kaya's terminal reaches the
    /// whole foreground process group, and ssh would drop the connection at once (it keeps a signal
    /// ignored that it inherits so). kaya alone handles it, and stops the target's restic first.
    /// </summary>
    /// <param name="hostKeyNonce">non-null: ssh reports the host key it was shown on stderr, marked with this (<see cref="HostKeyReport"/>)</param>
    private static ProcessStartInfo StartInfo(string ssh, SshTarget target, RemoteInvocation invocation, string? hostKeyNonce)
    {
        var info = new ProcessStartInfo("/bin/sh")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        string[] args =
        [
            "-c", "trap '' INT QUIT; exec \"$0\" \"$@\"", ssh,
            "-T", "-x", "-a",
            "-o", "BatchMode=yes",
            "-o", "StrictHostKeyChecking=yes",
            "-o", $"UserKnownHostsFile={target.KnownHostsPath}",
            "-o", "ExitOnForwardFailure=yes",
            // INFO: the level that prints "Allocated port N", even if ~/.ssh/config asks for QUIET.
            "-o", "LogLevel=INFO",
            "-o", $"ConnectTimeout={(int)Math.Ceiling(target.ConnectTimeout.TotalSeconds)}",
            // A hung target is noticed within a minute: 4 unanswered keepalives 15 s apart.
            "-o", "ServerAliveInterval=15",
            "-o", "ServerAliveCountMax=4",
            // A shared master connection would carry the forward in another process: keep this run self-contained.
            "-o", "ControlMaster=no",
            "-o", "ControlPath=none",
            "-p", target.Port.ToString(CultureInfo.InvariantCulture),
            "-l", target.User,
            "-R", $"127.0.0.1:{invocation.RemotePort}:127.0.0.1:{invocation.LocalPort}",
        ];
        foreach (var a in args) info.ArgumentList.Add(a);
        if (hostKeyNonce is not null) foreach (var a in HostKeyReport.Options(hostKeyNonce)) info.ArgumentList.Add(a);
        if (target.Identity is { } identity)
        {
            info.ArgumentList.Add("-i");
            info.ArgumentList.Add(identity);
            info.ArgumentList.Add("-o");
            info.ArgumentList.Add("IdentitiesOnly=yes");
        }
        info.ArgumentList.Add("--");
        info.ArgumentList.Add(target.Host);
        info.ArgumentList.Add(invocation.Command);
        return info;
    }

    /// <summary>Writes to ssh's stdin; false when ssh is gone.</summary>
    private static async Task<bool> WriteAsync(Process process, byte[] bytes)
    {
        try
        {
            await process.StandardInput.BaseStream.WriteAsync(bytes, CancellationToken.None);
            await process.StandardInput.BaseStream.FlushAsync(CancellationToken.None);
            return true;
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
        {
            return false;
        }
    }

    private static async Task PumpAsync(StreamReader reader, Action<string> onLine)
    {
        while (await reader.ReadLineAsync() is { } line) onLine(line);
    }

    private static bool IsSshMessage(string line) =>
        line.StartsWith("ssh:", StringComparison.Ordinal) || line.StartsWith("Warning: remote port forwarding failed", StringComparison.Ordinal) || line.Contains("Connection", StringComparison.Ordinal) ||
        line.StartsWith("Timeout", StringComparison.Ordinal) || line.StartsWith("client_loop", StringComparison.Ordinal);

    private static void Kill(Process process)
    {
        try { process.Kill(); } catch (InvalidOperationException) { }
    }

    [LoggerMessage(EventId = EventIds.OpenSshStarting, Level = LogLevel.Debug, Message = "Running {Ssh} for {User}@{Host}:{Port}, remote forward 127.0.0.1:{RemotePort} to 127.0.0.1:{LocalPort}")]
    private static partial void LogStarting(ILogger logger, string ssh, string user, string host, int port, int remotePort, int localPort);

    [LoggerMessage(EventId = EventIds.OpenSshTunnelUp, Level = LogLevel.Information, Message = "{Host}: tunnel up: 127.0.0.1:{BoundPort} on the target leads to 127.0.0.1:{LocalPort}")]
    private static partial void LogTunnelUp(ILogger logger, string host, int boundPort, int localPort);

    [LoggerMessage(EventId = EventIds.OpenSshExited, Level = LogLevel.Information, Message = "{Host}: ssh exited with {Code}")]
    private static partial void LogExited(ILogger logger, string host, int code);

    [LoggerMessage(EventId = EventIds.OpenSshFailed, Level = LogLevel.Error, Message = "{Host}: cannot start ssh")]
    private static partial void LogFailed(ILogger logger, string host, Exception exception);

    [GeneratedRegex(@"^Allocated port (\d+) for remote forward to ")]
    private static partial Regex AllocatedPort();
}
