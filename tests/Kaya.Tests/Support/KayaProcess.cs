using System.Diagnostics;
using System.Text;

namespace Kaya.Tests.Support;

/// <summary>The real <c>kaya</c> program, run as a child process from the test's output folder.</summary>
public sealed class KayaProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stderr = new();
    private readonly TaskCompletionSource<string> _started = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private KayaProcess(Process process)
    {
        _process = process;
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (_stderr) _stderr.AppendLine(e.Data);
            if (e.Data.StartsWith("start server on ", StringComparison.Ordinal)) _started.TrySetResult(e.Data["start server on ".Length..]);
        };
        process.OutputDataReceived += (_, _) => { };
    }

    public string Address { get; private set; } = "";
    public int Pid => _process.Id;
    public string Stderr { get { lock (_stderr) return _stderr.ToString(); } }

    public static string KayaDll => Path.Combine(AppContext.BaseDirectory, "kaya.dll");

    public static ProcessStartInfo StartInfo(IEnumerable<string> args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, RedirectStandardInput = true, UseShellExecute = false };
        info.ArgumentList.Add(KayaDll);
        foreach (var a in args) info.ArgumentList.Add(a);
        return info;
    }

    /// <summary>Starts <c>kaya serve</c> and waits for its "start server on ADDR" line.</summary>
    public static async Task<KayaProcess> ServeAsync(params string[] args)
    {
        var process = Process.Start(StartInfo(["serve", .. args]))!;
        var kaya = new KayaProcess(process);
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        var exited = process.WaitForExitAsync();
        var first = await Task.WhenAny(kaya._started.Task, exited, Task.Delay(TimeSpan.FromSeconds(30)));
        if (first != kaya._started.Task)
        {
            try { process.Kill(); } catch (InvalidOperationException) { }
            throw new InvalidOperationException("kaya serve did not start: " + kaya.Stderr);
        }
        kaya.Address = await kaya._started.Task;
        return kaya;
    }

    /// <summary>Runs kaya to completion and returns its exit code and output.</summary>
    public static async Task<(int Code, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        using var process = Process.Start(StartInfo(args))!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout, await stderr);
    }

    public void Kill() => _process.Kill(entireProcessTree: true);

    /// <summary>SIGTERM, then wait for a graceful exit.</summary>
    public Task<int> TerminateAsync() => SignalAsync(15);

    /// <summary>Sends <paramref name="signal"/> (15 SIGTERM, 2 SIGINT), then waits for the exit and gives its code.</summary>
    public async Task<int> SignalAsync(int signal)
    {
        Posix.Kill(_process.Id, signal);
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            try { _process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}

internal static partial class Posix
{
    [System.Runtime.InteropServices.LibraryImport("libc", EntryPoint = "kill")]
    private static partial int KillNative(int pid, int signal);

    public static void Kill(int pid, int signal) => KillNative(pid, signal);
}
