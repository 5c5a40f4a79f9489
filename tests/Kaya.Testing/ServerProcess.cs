using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace Kaya.Testing;

/// <summary>
/// A server run as a child process and stopped at dispose: started, then ready once a line of its
/// output matches a pattern whose group "addr" is the HOST:PORT it listens on. Every server still
/// running is listed, so that an interrupted bench run can kill them all (<see cref="KillAll"/>).
/// </summary>
public sealed partial class ServerProcess : IAsyncDisposable
{
    private static readonly ConcurrentDictionary<int, Process> Running = new();

    /// <summary>
    /// 60 s: a cold <c>dotnet kaya.dll</c> on two busy cores starts in a few seconds; this only bounds a broken start.
    /// </summary>
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly StringBuilder _stdout = new(), _stderr = new(), _output = new();

    private ServerProcess(Process process) => _process = process;

    /// <summary>What kaya serve and rest-server print once they listen: "start server on ADDR".</summary>
    [GeneratedRegex(@"start server on (?<addr>\S+)")]
    public static partial Regex StartLine();

    /// <summary>What rclone serve restic prints once it listens.</summary>
    [GeneratedRegex(@"Serving restic REST API on http://(?<addr>[^/\s]+)/")]
    public static partial Regex RcloneLine();

    /// <summary>HOST:PORT the server listens on, from its ready line.</summary>
    public string Address { get; private set; } = "";

    public int Port => int.Parse(Address[(Address.LastIndexOf(':') + 1)..]);

    /// <summary>http://HOST:PORT/</summary>
    public Uri Url => new($"http://{Address}/");

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    public string Stdout { get { lock (_output) return _stdout.ToString(); } }

    public string Stderr { get { lock (_output) return _stderr.ToString(); } }

    /// <summary>Both streams, line by line as they came.</summary>
    public string Output { get { lock (_output) return _output.ToString(); } }

    /// <summary>
    /// Starts <paramref name="file"/> and waits until a line of its stderr or stdout matches
    /// <paramref name="ready"/> (default <see cref="StartLine"/>). Its stdin stays open and empty.
    /// </summary>
    /// <exception cref="ProgramException">it cannot be started, exits before it is ready, or is not ready within <see cref="StartTimeout"/>; the message has its output</exception>
    public static async Task<ServerProcess> StartAsync(string file, IEnumerable<string> args, Regex? ready = null, IDictionary<string, string>? env = null, CancellationToken ct = default)
    {
        ready ??= StartLine();
        var info = Programs.StartInfo(file, args, env);
        var process = Programs.Start(info);
        Running[process.Id] = process;
        var server = new ServerProcess(process);
        var address = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.ErrorDataReceived += (_, e) => server.Take(e.Data, server._stderr, ready, address);
        process.OutputDataReceived += (_, e) => server.Take(e.Data, server._stdout, ready, address);
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        _ = process.WaitForExitAsync(CancellationToken.None).ContinueWith(
            _ => address.TrySetException(new ProgramException($"{file} exited before it was ready:\n{server.Output}")), TaskScheduler.Default);
        try
        {
            server.Address = await address.Task.WaitAsync(StartTimeout, ct);
        }
        catch (TimeoutException)
        {
            await server.DisposeAsync();
            throw new ProgramException($"{file} was not ready within {StartTimeout.TotalSeconds:0} s:\n{server.Output}");
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
        return server;
    }

    private void Take(string? line, StringBuilder stream, Regex ready, TaskCompletionSource<string> address)
    {
        if (line is null) return;
        lock (_output)
        {
            stream.AppendLine(line);
            _output.AppendLine(line);
        }
        if (ready.Match(line) is { Success: true } m) address.TrySetResult(m.Groups["addr"].Value);
    }

    /// <summary>SIGKILL to the server and its children: a crash, as far as the server can tell.</summary>
    public void Kill()
    {
        try { _process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
    }

    /// <summary>SIGTERM, then waits up to 60 s for the server to exit.</summary>
    /// <returns>its exit code</returns>
    /// <exception cref="TimeoutException">it was still running after 60 s</exception>
    public Task<int> TerminateAsync() => SignalAsync(Posix.SIGTERM);

    /// <summary>Sends <paramref name="signal"/> (15 SIGTERM, 2 SIGINT), then waits up to 60 s for the exit.</summary>
    /// <returns>its exit code</returns>
    /// <exception cref="TimeoutException">it was still running after 60 s</exception>
    public async Task<int> SignalAsync(int signal)
    {
        Posix.Kill(_process.Id, signal);
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return _process.ExitCode;
    }

    /// <summary>Kills every server still running: for Ctrl-C and unexpected exits.</summary>
    public static void KillAll()
    {
        foreach (var process in Running.Values)
        {
            try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
        }
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        await _process.WaitForExitAsync();
        Running.TryRemove(_process.Id, out _);
        _process.Dispose();
    }
}
