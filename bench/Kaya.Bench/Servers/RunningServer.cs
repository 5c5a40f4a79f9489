using System.Collections.Concurrent;
using System.Diagnostics;
using Kaya.Bench.Sys;

namespace Kaya.Bench.Servers;

/// <summary>
/// One server process on a fresh data folder and a free loopback port, started for one measurement.
/// Every started server is registered so that an interrupted run still kills it (bench/run also kills
/// its whole process group on exit).
/// </summary>
public sealed class RunningServer : IAsyncDisposable
{
    private static readonly ConcurrentDictionary<int, Process> Started = new();
    private readonly Process _process;
    private readonly Task _drain;

    private RunningServer(ServerKind kind, Process process, int port, string dataPath, Task drain)
    {
        Kind = kind;
        _process = process;
        Port = port;
        DataPath = dataPath;
        _drain = drain;
    }

    public ServerKind Kind { get; }
    public int Port { get; }
    public string DataPath { get; }
    public int Pid => _process.Id;
    public Uri BaseAddress => new($"http://127.0.0.1:{Port}/");

    public static async Task<RunningServer> StartAsync(ServerKind kind, string dataPath, ServeMode mode, CancellationToken ct)
    {
        Directory.CreateDirectory(dataPath);
        var port = Programs.FreePort();
        var info = new ProcessStartInfo(kind.Binary) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in kind.Arguments(dataPath, port, mode)) info.ArgumentList.Add(a);
        var process = Process.Start(info) ?? throw new BenchException($"cannot start {kind.Binary}");
        Started[process.Id] = process;
        // Drain both pipes so a chatty server never blocks on a full pipe; keep the tail for errors.
        var log = new ConcurrentQueue<string>();
        var drain = Task.WhenAll(DrainAsync(process.StandardOutput, log), DrainAsync(process.StandardError, log));
        var server = new RunningServer(kind, process, port, dataPath, drain);
        try
        {
            await Programs.WaitForPortAsync(port, () => process.HasExited, $"{kind.Name} ({string.Join(' ', info.ArgumentList)})", ct);
        }
        catch (BenchException e)
        {
            await server.DisposeAsync();
            throw new BenchException($"{e.Message}; its output: {string.Join(" | ", log.TakeLast(5))}");
        }
        return server;
    }

    /// <summary>CPU so far and peak RSS since start.</summary>
    public ProcStats Stats() => ProcStats.Read(_process.Id) ?? throw new BenchException($"{Kind.Name} (pid {_process.Id}) exited during the measurement");

    /// <summary>Kills every server still running: for Ctrl-C and unexpected exits.</summary>
    public static void KillAll()
    {
        foreach (var process in Started.Values)
        {
            try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
        }
    }

    public async ValueTask DisposeAsync()
    {
        try { _process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
        await _process.WaitForExitAsync();
        await _drain;
        Started.TryRemove(_process.Id, out _);
        _process.Dispose();
    }

    private static async Task DrainAsync(StreamReader reader, ConcurrentQueue<string> log)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            log.Enqueue(line);
            while (log.Count > 20) log.TryDequeue(out _);
        }
    }
}
