using System.Net;
using System.Net.Sockets;
using System.Text;
using Kaya.Orchestrator.Logging;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Renci.SshNet;
using Renci.SshNet.Common;

namespace Kaya.Orchestrator.Transport;

/// <summary>
/// SSH.NET in-process: no ssh binary needed. Slower than OpenSSH (its channels carry a fixed window;
/// measured 38-50 MB/s), so not the default. SSH.NET blocks in Start/Execute/Read: those run on
/// dedicated threads, never on the thread pool.
/// </summary>
/// <param name="logger">Where the transport says what it does; null: nowhere.</param>
/// <param name="time">The clock for the connect timeout, the heartbeat and teardown waits; null: the system clock.</param>
public sealed partial class SshNetTransport(ILogger? logger = null, TimeProvider? time = null) : ISshTransport
{
    private readonly ILogger _logger = logger ?? NullLogger.Instance;
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>How long teardown waits for the readers and the heartbeat to end: they end within a second once the connection is gone.</summary>
    private static readonly TimeSpan TeardownWait = TimeSpan.FromSeconds(5);

    /// <summary>How often the heartbeat checks the target answers: SSH.NET's keepalive expects no reply, so cannot notice a hung peer.</summary>
    internal TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How long a heartbeat may wait for its answer: four intervals, as OpenSSH's ServerAliveCountMax=4 here.</summary>
    internal TimeSpan HeartbeatTimeout { get; init; } = TimeSpan.FromSeconds(60);

    public async Task<RemoteExit> RunAsync(SshTarget target, RemoteInvocation invocation, CancellationToken cancellationToken)
    {
        var knownHosts = KnownHosts.Load(target.KnownHostsPath);
        var info = new ConnectionInfo(target.Host, target.Port, target.User, new PrivateKeyAuthenticationMethod(target.User, LoadKeys(target)))
        {
            Timeout = target.ConnectTimeout,
        };
        PreferAesGcm(info);
        PreferKnownHostKeyTypes(info, knownHosts.KeyTypesFor(target.Host, target.Port));

        using var client = new SshClient(info);
        HostKeyVerdict? verdict = null;
        byte[]? offered = null;
        client.HostKeyReceived += (_, e) =>
        {
            offered = e.HostKey;
            verdict = knownHosts.Check(target.Host, target.Port, e.HostKey);
            e.CanTrust = verdict == HostKeyVerdict.Trusted;
        };

        try
        {
            using var deadline = new CancellationTokenSource(target.ConnectTimeout, _time);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
            await client.ConnectAsync(timeout.Token);
            LogConnected(_logger, target.User, target.Host, target.Port);
            // Connected: known_hosts vouched for exactly this key.
            if (offered is not null) invocation.HostKey?.Invoke(KnownHosts.Fingerprint(offered));
        }
        catch (Exception e) when (verdict is not null and not HostKeyVerdict.Trusted && e is SshConnectionException)
        {
            var fingerprint = offered is null ? "" : $" ({KnownHosts.KeyTypeOf(offered)} {KnownHosts.Fingerprint(offered)})";
            var what = verdict switch
            {
                HostKeyVerdict.Mismatch => $"does not match {target.KnownHostsPath}; if the host was reinstalled, remove the old key (ssh-keygen -R) and ",
                HostKeyVerdict.Revoked => $"is marked @revoked in {target.KnownHostsPath}; ",
                _ => $"is not in {target.KnownHostsPath}; to trust it, ",
            };
            throw new HostKeyException($"{target.Host}:{target.Port}: host key{fingerprint} {what}{HostKeyAdvice.For(target)}. Nothing was run.");
        }
        catch (SshAuthenticationException e)
        {
            throw new TransportException($"{target.Host}:{target.Port}: {target.User} cannot log in with the SSH key: {e.Message} (is its public key in ~{target.User}/.ssh/authorized_keys?)", isTransient: false, e);
        }
        catch (Exception e) when (e is SshException or SocketException or OperationCanceledException or ProxyException && !cancellationToken.IsCancellationRequested)
        {
            throw new TransportException($"{target.Host}:{target.Port}: cannot connect as {target.User}: {e.Message}", inner: e);
        }

        var forward = new ForwardedPortRemote(IPAddress.Loopback, (uint)invocation.RemotePort, IPAddress.Loopback, (uint)invocation.LocalPort);
        client.AddForwardedPort(forward);
        try
        {
            await OnDedicatedThread(forward.Start);
        }
        catch (Exception e) when (e is SshException or InvalidOperationException)
        {
            throw new TransportException($"{target.Host}: cannot bind 127.0.0.1:{invocation.RemotePort} on the target for the tunnel: {e.Message}", inner: e);
        }
        var boundPort = (int)forward.BoundPort;
        LogTunnelUp(_logger, target.Host, boundPort, invocation.LocalPort);

        using var command = client.CreateCommand(invocation.Command);
        using var stopped = new CancellationTokenSource();
        // SSH.NET's command task does not end when we drop the connection ourselves: wait for this as well.
        var abandoned = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // Until the command has its parameters nothing runs remotely: a cancellation just drops the connection.
        var droppedEarly = false;
        var early = cancellationToken.Register(() =>
        {
            droppedEarly = true;
            abandoned.TrySetResult();
        });
        string? heartbeatFailure = null;
        var heartbeat = Task.CompletedTask;
        Task stdout = Task.CompletedTask, stderr = Task.CompletedTask;
        try
        {
            var execution = command.ExecuteAsync(CancellationToken.None);
            // Disposing sends EOF, which fails on a dropped connection: Quietly.
            var input = command.CreateInputStream();
            using var closeInput = new Disposer(() => Quietly(input.Dispose));
            var payload = Encoding.UTF8.GetBytes(invocation.Stdin(boundPort));
            // A failed write shows as the bootstrap ending early or the connection dropping: both seen below.
            await OnDedicatedThread(() => Quietly(() => { input.Write(payload); input.Flush(); }));
            // Disposing waits for a drop under way; from here on a cancellation asks the command to stop instead.
            await early.DisposeAsync();
            await using var stop = droppedEarly ? null : RemoteStop.Arm(target.Host, invocation, bytes => WriteAsync(input, bytes), () => abandoned.TrySetResult(), _time, _logger, cancellationToken);
            stdout = OnDedicatedThread(() => Pump(command.OutputStream, invocation.Stdout));
            stderr = OnDedicatedThread(() => Pump(command.ExtendedOutputStream, invocation.Stderr));
            heartbeat = Task.Run(async () =>
            {
                heartbeatFailure = await HeartbeatAsync(client, stopped.Token);
                if (heartbeatFailure is not null) abandoned.TrySetResult();
            }, CancellationToken.None);

            if (await Task.WhenAny(execution, abandoned.Task) != execution)
            {
                // Dropping the connection is what stops the target's restic: the bootstrap sees its stdin end
                // (sshd refuses signal requests for root sessions).
                _ = execution.ContinueWith(t => t.Exception, TaskScheduler.Default);
                if (stop is { Dropped: true }) return new RemoteExit(null, stop.DroppedReason);
                cancellationToken.ThrowIfCancellationRequested();
                return new RemoteExit(null, heartbeatFailure);
            }
            try
            {
                await execution;
            }
            catch (Exception e) when (e is SshException or ObjectDisposedException or InvalidOperationException)
            {
                LogConnectionLost(_logger, target.Host, e);
                return new RemoteExit(null, heartbeatFailure ?? $"connection to {target.Host} lost: {e.Message}");
            }
            // The command is done, so its output streams end: all its lines are read before we return.
            await Task.WhenAll(stdout, stderr);
            LogExited(_logger, target.Host, command.ExitStatus, command.ExitSignal);
            return command.ExitStatus is { } status
                ? new RemoteExit(status, null)
                : new RemoteExit(null, $"the remote command ended without an exit status{(command.ExitSignal is { } s ? $" (signal {s})" : "")}");
        }
        finally
        {
            await early.DisposeAsync();
            stopped.Cancel();
            // The connection may be gone already (that is how a cut run ends): teardown must not throw then.
            await OnDedicatedThread(() =>
            {
                Quietly(() => { if (client.IsConnected) forward.Stop(); });
                Quietly(client.Disconnect);
            });
            // Readers blocked on a dropped channel end when the command is disposed; the heartbeat at its next wake.
            await Task.WhenAny(Task.WhenAll(heartbeat, stdout, stderr), Task.Delay(TeardownWait, _time, CancellationToken.None));
        }
    }

    /// <summary>A round trip on a fresh channel every interval; if the target does not answer in time, drop the connection.</summary>
    private async Task<string?> HeartbeatAsync(SshClient client, CancellationToken stopped)
    {
        while (true)
        {
            try { await Task.Delay(HeartbeatInterval, _time, stopped); }
            catch (OperationCanceledException) { return null; }
            string? failure = null;
            // Execute blocks (SSH.NET has no async form with a timeout): on a dedicated thread, never the pool.
            await OnDedicatedThread(() => failure = Probe(client, stopped));
            if (failure is not null || stopped.IsCancellationRequested) return failure;
        }
    }

    /// <summary>One probe: null when answered (or when the connection is already gone for another reason).</summary>
    private string? Probe(SshClient client, CancellationToken stopped)
    {
        try
        {
            using var probe = client.CreateCommand("exit 0");
            probe.CommandTimeout = HeartbeatTimeout;
            probe.Execute();
            return null;
        }
        catch (SshOperationTimeoutException)
        {
            if (stopped.IsCancellationRequested) return null;
            client.Disconnect();
            LogHeartbeatLost(_logger, client.ConnectionInfo.Host, HeartbeatTimeout.TotalSeconds);
            return $"no answer from {client.ConnectionInfo.Host} for {HeartbeatTimeout.TotalSeconds:0} s; connection dropped";
        }
        catch (Exception e) when (e is SshException or ObjectDisposedException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>Writes to the command's stdin on a dedicated thread (SSH.NET blocks); false when the channel is gone.</summary>
    private static async Task<bool> WriteAsync(Stream input, byte[] bytes)
    {
        var written = false;
        await OnDedicatedThread(() => Quietly(() =>
        {
            input.Write(bytes);
            input.Flush();
            written = true;
        }));
        return written;
    }

    private static void Quietly(Action action)
    {
        try { action(); }
        catch (Exception e) when (e is SshException or ObjectDisposedException or InvalidOperationException or SocketException or IOException) { }
    }

    private sealed class Disposer(Action action) : IDisposable
    {
        public void Dispose() => action();
    }

    private static void Pump(Stream stream, Action<string> onLine)
    {
        using var reader = new StreamReader(stream, Encoding.UTF8);
        try
        {
            while (reader.ReadLine() is { } line) onLine(line);
        }
        catch (ObjectDisposedException) { }
    }

    private static Task OnDedicatedThread(Action action) =>
        Task.Factory.StartNew(action, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private static IPrivateKeySource[] LoadKeys(SshTarget target)
    {
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        // ssh's own order of default keys.
        string[] candidates = target.Identity is { } identity
            ? [identity]
            : [Path.Combine(home, ".ssh", "id_ed25519"), Path.Combine(home, ".ssh", "id_rsa")];
        var keys = new List<IPrivateKeySource>();
        foreach (var path in candidates)
        {
            if (!File.Exists(path)) continue;
            try { keys.Add(new PrivateKeyFile(path)); }
            catch (Exception e) when (e is SshException or IOException or UnauthorizedAccessException)
            {
                throw new TransportException($"{path}: cannot load the SSH key: {e.Message} (SSH.NET needs an unencrypted key; or use ssh_transport=openssh with ssh-agent)", isTransient: false, e);
            }
        }
        if (keys.Count == 0)
            throw new TransportException($"no SSH key: none of {string.Join(", ", candidates)} exists; set ssh_identity in the config", isTransient: false);
        return [.. keys];
    }

    /// <summary>
    /// Asks first for the host key types known_hosts holds for this host, as ssh does; else a target with
    /// several host keys could offer one we do not know and be refused although another is trusted.
    /// </summary>
    private static void PreferKnownHostKeyTypes(ConnectionInfo info, IReadOnlySet<string> known)
    {
        if (known.Count == 0) return;
        // An ssh-rsa key is offered under the rsa-sha2-* signature algorithms too.
        bool Known(string algorithm) => known.Contains(algorithm) || (known.Contains("ssh-rsa") && algorithm.StartsWith("rsa-sha2-", StringComparison.Ordinal));
        var all = info.HostKeyAlgorithms.ToList();
        info.HostKeyAlgorithms.Clear();
        foreach (var (name, factory) in all.Where(p => Known(p.Key)).Concat(all.Where(p => !Known(p.Key)))) info.HostKeyAlgorithms.Add(name, factory);
    }

    /// <summary>aes128-gcm@openssh.com first: AES-NI makes it the cheapest cipher on both ends.</summary>
    private static void PreferAesGcm(ConnectionInfo info)
    {
        const string preferred = "aes128-gcm@openssh.com";
        if (!info.Encryptions.TryGetValue(preferred, out var gcm)) return;
        var rest = info.Encryptions.Where(p => p.Key != preferred).ToList();
        info.Encryptions.Clear();
        info.Encryptions.Add(preferred, gcm);
        foreach (var (name, cipher) in rest) info.Encryptions.Add(name, cipher);
    }

    [LoggerMessage(EventId = EventIds.SshNetConnected, Level = LogLevel.Debug, Message = "Connected to {User}@{Host}:{Port}")]
    private static partial void LogConnected(ILogger logger, string user, string host, int port);

    [LoggerMessage(EventId = EventIds.SshNetTunnelUp, Level = LogLevel.Information, Message = "{Host}: tunnel up: 127.0.0.1:{BoundPort} on the target leads to 127.0.0.1:{LocalPort}")]
    private static partial void LogTunnelUp(ILogger logger, string host, int boundPort, int localPort);

    [LoggerMessage(EventId = EventIds.SshNetExited, Level = LogLevel.Information, Message = "{Host}: remote command ended: status {Status}, signal {Signal}")]
    private static partial void LogExited(ILogger logger, string host, int? status, string? signal);

    [LoggerMessage(EventId = EventIds.SshNetHeartbeatLost, Level = LogLevel.Warning, Message = "{Host}: no answer to the heartbeat for {Seconds} s; connection dropped")]
    private static partial void LogHeartbeatLost(ILogger logger, string host, double seconds);

    [LoggerMessage(EventId = EventIds.SshNetConnectionLost, Level = LogLevel.Information, Message = "{Host}: connection lost")]
    private static partial void LogConnectionLost(ILogger logger, string host, Exception exception);
}
