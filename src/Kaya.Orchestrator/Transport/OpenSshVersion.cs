using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Kaya.Orchestrator.Transport;

/// <summary>
/// What the installed ssh client can do, asked once per program (<c>ssh -V</c>): KnownHostsCommand, which tells
/// kaya the host key the target showed, came with OpenSSH 8.5 (release notes, 2021-03-03); an older client
/// refuses the option and would fail every run.
/// </summary>
internal static partial class OpenSshVersion
{
    private static readonly ConcurrentDictionary<string, Lazy<Task<bool>>> KnownHostsCommand = new(StringComparer.Ordinal);

    /// <summary>Whether <paramref name="ssh"/> is OpenSSH 8.5 or newer; false when it cannot say.</summary>
    public static Task<bool> HasKnownHostsCommandAsync(string ssh) =>
        KnownHostsCommand.GetOrAdd(ssh, s => new Lazy<Task<bool>>(() => ProbeAsync(s))).Value;

    private static async Task<bool> ProbeAsync(string ssh)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(ssh, "-V") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false })!;
            var text = await process.StandardError.ReadToEndAsync() + await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            return IsAtLeast(text, 8, 5);
        }
        catch (System.ComponentModel.Win32Exception) { return false; }
    }

    /// <summary>Whether an <c>ssh -V</c> line ("OpenSSH_9.2p1 Debian-2, OpenSSL …") names OpenSSH <paramref name="major"/>.<paramref name="minor"/> or newer.</summary>
    public static bool IsAtLeast(string versionText, int major, int minor)
    {
        var match = Version().Match(versionText);
        if (!match.Success) return false;
        var (a, b) = (int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture));
        return a > major || (a == major && b >= minor);
    }

    [GeneratedRegex(@"OpenSSH_(\d+)\.(\d+)")]
    private static partial Regex Version();
}
