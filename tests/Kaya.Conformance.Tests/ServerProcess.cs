using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace Kaya.Conformance.Tests;

/// <summary>A server under test, run as a child process on 127.0.0.1 and stopped at dispose.</summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ServerProcess(Process process) => _process = process;

    /// <summary>HOST:PORT the server listens on.</summary>
    public string Address { get; private set; } = "";

    public Uri Url => new($"http://{Address}/");

    public string Output { get { lock (_output) return _output.ToString(); } }

    /// <summary>
    /// Starts <paramref name="file"/> and waits until a line of its stderr matches
    /// <paramref name="ready"/>, whose group "addr" is the address it listens on.
    /// </summary>
    public static async Task<ServerProcess> StartAsync(string file, IEnumerable<string> args, Regex ready)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in args) info.ArgumentList.Add(a);
        var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {file}");
        var server = new ServerProcess(process);
        var address = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.ErrorDataReceived += (_, e) => server.Take(e.Data, ready, address);
        process.OutputDataReceived += (_, e) => server.Take(e.Data, ready, address);
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        _ = process.WaitForExitAsync().ContinueWith(_ => address.TrySetException(new InvalidOperationException($"{file} exited before listening:\n{server.Output}")), TaskScheduler.Default);
        try
        {
            // 60 s: a cold `dotnet kaya.dll` on two busy cores starts in a few seconds; this only bounds a broken start.
            server.Address = await address.Task.WaitAsync(TimeSpan.FromSeconds(60));
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
        return server;
    }

    private void Take(string? line, Regex ready, TaskCompletionSource<string> address)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
        if (ready.Match(line) is { Success: true } m) address.TrySetResult(m.Groups["addr"].Value);
    }

    /// <summary>A loopback port free right now, for servers that cannot pick their own (rclone).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited) _process.Kill();
        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
