using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace Kaya.Orchestrator.Tests.Fleet;

/// <summary>
/// <c>kaya daemon -c CONFIG</c> as systemd runs it: NOTIFY_SOCKET names a unix datagram socket this object listens on,
/// so a test reads exactly what the daemon tells systemd; stderr (its log) is kept as it arrives.
/// </summary>
internal sealed class DaemonProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Socket _notify;
    private readonly StringBuilder _log = new();
    private readonly Task _stdout;

    private DaemonProcess(Process process, Socket notify)
    {
        _process = process;
        _notify = notify;
        process.ErrorDataReceived += (_, e) => { if (e.Data is { } line) lock (_log) _log.Append(line).Append('\n'); };
        process.BeginErrorReadLine();
        _stdout = process.StandardOutput.ReadToEndAsync();
    }

    public static DaemonProcess Start(string config, string notifySocket)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(notifySocket));
        var info = Programs.StartInfo("dotnet", [KayaCli.Dll, "daemon", "-c", config], new Dictionary<string, string> { ["NOTIFY_SOCKET"] = notifySocket });
        return new DaemonProcess(Programs.Start(info), socket);
    }

    public int Pid => _process.Id;

    public string Log { get { lock (_log) return _log.ToString(); } }

    /// <summary>The next datagram the daemon sent to NOTIFY_SOCKET, e.g. "READY=1".</summary>
    /// <exception cref="TimeoutException">none came within <paramref name="seconds"/>; the message has the daemon's log</exception>
    public async Task<string> NextNotifyAsync(int seconds = 60)
    {
        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        try
        {
            var received = await _notify.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
            return Encoding.UTF8.GetString(buffer, 0, received);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"the daemon sent nothing to NOTIFY_SOCKET in {seconds} s (exited: {_process.HasExited}); its log:\n{Log}");
        }
    }

    public void Signal(int signal) => Posix.Kill(_process.Id, signal);

    /// <summary>Waits for the log to contain <paramref name="text"/>.</summary>
    public async Task WaitForLogAsync(string text, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!Log.Contains(text, StringComparison.Ordinal))
        {
            if (DateTime.UtcNow > deadline || _process.HasExited) throw new TimeoutException($"the daemon never logged \"{text}\" (exited: {_process.HasExited}); its log:\n{Log}");
            await Task.Delay(50);
        }
    }

    /// <summary>SIGTERM, then its exit code.</summary>
    public Task<int> StopAsync(int seconds = 60)
    {
        Signal(Posix.SIGTERM);
        return ExitCodeAsync(seconds);
    }

    /// <summary>Its exit code, once it has exited by itself (after a signal the test sent).</summary>
    public async Task<int> ExitCodeAsync(int seconds = 60)
    {
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(seconds));
        await _stdout;
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
        _notify.Dispose();
    }
}
