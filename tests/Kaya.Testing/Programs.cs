using System.Diagnostics;

namespace Kaya.Testing;

/// <summary>Runs a program to its end and captures what it wrote.</summary>
public static class Programs
{
    /// <summary>
    /// How long a program may run before it is killed: 10 minutes bounds a hung one; the slowest caller
    /// (the bench's restic backup of its 0.5 GiB tree) takes well under one.
    /// </summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Runs <paramref name="file"/> with an empty, closed stdin (so nothing waits on the terminal) and
    /// returns its exit code, output and wall time. A cancelled or timed-out program is killed with its children.
    /// </summary>
    /// <exception cref="ProgramException">the program cannot be started, or ran past <paramref name="timeout"/> (default <see cref="DefaultTimeout"/>)</exception>
    /// <exception cref="OperationCanceledException"><paramref name="ct"/> was cancelled</exception>
    public static async Task<ProgramResult> RunAsync(string file, IEnumerable<string> args, IDictionary<string, string>? env = null, CancellationToken ct = default, TimeSpan? timeout = null)
    {
        var info = StartInfo(file, args, env);
        var clock = Stopwatch.StartNew();
        using var process = Start(info);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        try
        {
            await process.WaitForExitAsync(ct).WaitAsync(timeout ?? DefaultTimeout, ct);
        }
        catch (Exception e) when (e is OperationCanceledException or TimeoutException)
        {
            try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            if (e is TimeoutException) throw new ProgramException($"{file} did not exit within {(timeout ?? DefaultTimeout).TotalSeconds:0} s");
            throw;
        }
        var wall = clock.Elapsed;
        return new ProgramResult(process.ExitCode, await stdout, await stderr, wall);
    }

    /// <summary>Redirected stdin, stdout and stderr; no shell.</summary>
    public static ProcessStartInfo StartInfo(string file, IEnumerable<string> args, IDictionary<string, string>? env = null)
    {
        var info = new ProcessStartInfo(file)
        {
            UseShellExecute = false, RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        foreach (var a in args) info.ArgumentList.Add(a);
        if (env is not null) foreach (var (k, v) in env) info.Environment[k] = v;
        return info;
    }

    /// <exception cref="ProgramException">the program cannot be started (not found, not executable)</exception>
    public static Process Start(ProcessStartInfo info)
    {
        try
        {
            return Process.Start(info) ?? throw new ProgramException($"cannot start {info.FileName}");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new ProgramException($"cannot start {info.FileName}: {e.Message}");
        }
    }
}
