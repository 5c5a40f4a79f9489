using System.Diagnostics;
using System.Text;

namespace Kaya.Orchestrator.Monitoring;

/// <summary>How a hook ended: its exit code (null when killed at its timeout) and the start of its output.</summary>
public sealed record HookResult(int? ExitCode, bool TimedOut, string Output);

/// <summary>
/// Runs a hook command with <c>sh -c</c>. The data goes only into the environment, which is an allowlist (PATH,
/// HOME, LANG and KAYA_*: never the AWS keys, SSH_AUTH_SOCK or anything else kaya inherited), so no host name or
/// reason is ever interpolated into shell text. The hook runs in its own process group (setsid), and the whole
/// group is killed at the timeout, so a hook's children (curl, mail) do not outlive it.
/// </summary>
public sealed class HookRunner(TimeProvider time)
{
    /// <summary>KAYA_REASON's limit: one line a mail subject or a push notification shows whole.</summary>
    public const int MaxReasonLength = 300;

    /// <summary>The output kept for kaya's log; a hook's purpose is its side effect.</summary>
    private const int MaxOutputLength = 4096;

    // What a login shell on Debian gets when kaya itself has no PATH (systemd gives services one).
    private const string DefaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    /// <summary>Runs <paramref name="command"/> for <paramref name="hook"/>; waits at most <paramref name="timeout"/> (measured by the TimeProvider).</summary>
    public async Task<HookResult> RunAsync(string command, HookEvent hook, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        // setsid(1) makes sh the leader of a new process group, whose id is its pid.
        var info = new ProcessStartInfo("setsid")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in (string[])["/bin/sh", "-c", command]) info.ArgumentList.Add(a);
        info.Environment.Clear();
        foreach (var (name, value) in Environment(hook)) info.Environment[name] = value;

        using var process = Process.Start(info) ?? throw new InvalidOperationException("setsid did not start");
        process.StandardInput.Close();
        var output = new StringBuilder();
        var stdout = Collect(process.StandardOutput, output);
        var stderr = Collect(process.StandardError, output);
        using var deadline = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, cancellationToken);
        try
        {
            await process.WaitForExitAsync(linked.Token);
        }
        catch (OperationCanceledException)
        {
            await KillGroupAsync(process.Id);
            await process.WaitForExitAsync(CancellationToken.None);
            await Task.WhenAll(stdout, stderr);
            cancellationToken.ThrowIfCancellationRequested();
            return new HookResult(null, true, Trim(output));
        }
        await Task.WhenAll(stdout, stderr);
        return new HookResult(process.ExitCode, false, Trim(output));
    }

    /// <summary>The hook's whole environment.</summary>
    public static IReadOnlyDictionary<string, string> Environment(HookEvent hook)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["PATH"] = System.Environment.GetEnvironmentVariable("PATH") ?? DefaultPath,
            ["KAYA_EVENT"] = hook.KindText,
            ["KAYA_HOST"] = hook.Host,
            ["KAYA_STATE"] = hook.State.ToText(),
            ["KAYA_OUTCOME"] = hook.Outcome,
            ["KAYA_REASON"] = OneLine(hook.Reason),
            ["KAYA_LAST_SUCCESS"] = hook.LastSuccess?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture) ?? "",
        };
        foreach (var name in (string[])["HOME", "LANG"])
        {
            if (System.Environment.GetEnvironmentVariable(name) is { } value) env[name] = value;
        }
        return env;
    }

    /// <summary>One printable line of at most <see cref="MaxReasonLength"/> characters: control characters become spaces, runs of spaces one.</summary>
    public static string OneLine(string text)
    {
        var line = new StringBuilder(Math.Min(text.Length, MaxReasonLength));
        foreach (var c in text)
        {
            var printable = char.IsControl(c) || char.IsWhiteSpace(c) || char.IsSurrogate(c) ? ' ' : c;
            if (printable == ' ' && (line.Length == 0 || line[^1] == ' ')) continue;
            line.Append(printable);
        }
        var result = line.ToString().TrimEnd();
        return result.Length <= MaxReasonLength ? result : result[..(MaxReasonLength - 3)] + "...";
    }

    private static async Task Collect(StreamReader reader, StringBuilder output)
    {
        var buffer = new char[1024];
        int n;
        while ((n = await reader.ReadAsync(buffer)) > 0)
        {
            lock (output) { if (output.Length < MaxOutputLength) output.Append(buffer, 0, Math.Min(n, MaxOutputLength - output.Length)); }
        }
    }

    private static string Trim(StringBuilder output) { lock (output) return output.ToString().Trim(); }

    // kill(1) with a negative id signals the whole group; no interop needed for a rare event.
    private static async Task KillGroupAsync(int group)
    {
        var info = new ProcessStartInfo("kill") { UseShellExecute = false, RedirectStandardError = true };
        foreach (var a in (string[])["-KILL", "--", "-" + group]) info.ArgumentList.Add(a);
        using var kill = Process.Start(info);
        if (kill is not null) await kill.WaitForExitAsync(CancellationToken.None);
    }
}
