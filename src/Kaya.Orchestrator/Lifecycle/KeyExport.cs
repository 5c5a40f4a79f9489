using Kaya.Orchestrator.Runs;

namespace Kaya.Orchestrator.Lifecycle;

/// <summary>
/// <c>kaya keys export [HOST...]</c>: each host's repository password (<c>backup_root/HOST/repo-password-keep</c>) as
/// <c>HOST&lt;TAB&gt;PASSWORD</c> lines, so that losing the backup host does not lose every repository with it. The
/// caller writes them only to a file or a pipe (gpg), never to a terminal.
/// </summary>
public static class KeyExport
{
    /// <summary>The lines, sorted by host; a failure naming every host whose password cannot be read (then no lines).</summary>
    /// <param name="hosts">the hosts to export; empty: every folder of backup_root holding a repo-password-keep</param>
    public static KeyExportResult Read(string backupRoot, IReadOnlyList<string> hosts)
    {
        var names = hosts.Count > 0 ? hosts.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList() : KeptPasswords(backupRoot);
        var lines = new List<string>();
        var problems = new List<string>();
        foreach (var host in names)
        {
            var path = Path.Combine(backupRoot, host, RepositoryPassword.FileName);
            try
            {
                // The file holds one line, as the Bash original wrote it; the trailing newline is not part of the password.
                var password = File.ReadAllText(path).TrimEnd('\n', '\r');
                if (password.Length == 0 || password.Contains('\n') || password.Contains('\t')) problems.Add($"{path}: not a single-line password");
                else lines.Add($"{host}\t{password}");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                problems.Add(File.Exists(path) ? $"{path}: {e.Message}" : $"{host}: {path} does not exist: no repository for this host here");
            }
        }
        if (problems.Count > 0) return new([], string.Join("; ", problems));
        if (lines.Count == 0) return new([], $"{backupRoot}: no host folder holds a {RepositoryPassword.FileName}: nothing to export");
        return new(lines, null);
    }

    /// <summary>Why a terminal gets no passwords, and what to do instead.</summary>
    public const string TerminalRefusal =
        "refusing to print repository passwords on a terminal: redirect them to a file or encrypt them, e.g. " +
        "'kaya keys export > /media/usb/kaya-keys && chmod 600 /media/usb/kaya-keys' or 'kaya keys export | gpg -e -r you@example.com > kaya-keys.gpg'";

    private static List<string> KeptPasswords(string backupRoot) => Directory.Exists(backupRoot)
        ? [.. Directory.EnumerateDirectories(backupRoot).Select(Path.GetFileName).OfType<string>()
            .Where(n => !n.StartsWith('.') && File.Exists(Path.Combine(backupRoot, n, RepositoryPassword.FileName)))
            .Order(StringComparer.Ordinal)]
        : [];
}

/// <param name="Lines"><c>HOST&lt;TAB&gt;PASSWORD</c>, one per host</param>
/// <param name="Failure">why nothing is exported; null on success</param>
public sealed record KeyExportResult(IReadOnlyList<string> Lines, string? Failure);
