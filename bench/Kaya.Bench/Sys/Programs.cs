using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Kaya.Bench.Sys;

/// <summary>What an external program did.</summary>
public sealed record ProgramResult(int ExitCode, string Stdout, string Stderr, TimeSpan Wall)
{
    public ProgramResult EnsureSuccess(string what) => ExitCode == 0
        ? this
        : throw new BenchException($"{what} exited with {ExitCode}: {Last(Stderr.Length > 0 ? Stderr : Stdout)}");

    private static string Last(string text) => text.Length <= 600 ? text.Trim() : "…" + text[^600..].Trim();
}

/// <summary>A measurement that could not be taken; the message says what and why.</summary>
public sealed class BenchException(string message) : Exception(message);

public static class Programs
{
    /// <summary>Runs a program to its end, timing it from start to exit.</summary>
    public static async Task<ProgramResult> RunAsync(string file, IEnumerable<string> args, IDictionary<string, string>? env = null, CancellationToken ct = default)
    {
        var info = new ProcessStartInfo(file) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) info.ArgumentList.Add(a);
        if (env is not null) foreach (var (k, v) in env) info.Environment[k] = v;
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(info) ?? throw new BenchException($"cannot start {file}");
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        try { await process.WaitForExitAsync(ct); }
        catch (OperationCanceledException) { process.Kill(entireProcessTree: true); throw; }
        var wall = clock.Elapsed;
        return new ProgramResult(process.ExitCode, await stdout, await stderr, wall);
    }

    /// <summary>A loopback port free right now (the servers are told to listen on it).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static async Task WaitForPortAsync(int port, Func<bool> exited, string what, CancellationToken ct)
    {
        for (var i = 0; i < 300; i++)
        {
            if (exited()) throw new BenchException($"{what} exited before listening on 127.0.0.1:{port}");
            using var probe = new TcpClient();
            try { await probe.ConnectAsync(IPAddress.Loopback, port, ct); return; }
            catch (SocketException) { await Task.Delay(50, ct); }
        }
        throw new BenchException($"{what} did not listen on 127.0.0.1:{port} within 15 s");
    }
}
