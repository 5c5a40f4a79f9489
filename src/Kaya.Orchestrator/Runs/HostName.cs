using System.Text.RegularExpressions;

namespace Kaya.Orchestrator.Runs;

/// <summary>
/// A HOST is a folder under backup_root and the REST user of its repository, so only DNS names and
/// IPv4 addresses: letters, digits, dots, hyphens, underscores; no leading dot or hyphen.
/// </summary>
public static partial class HostName
{
    public static bool IsValid(string host) => host.Length <= 253 && Pattern().IsMatch(host);

    /// <summary>The one wording of a refused HOST, for every command and run that checks one.</summary>
    /// <param name="note">a clause added inside the parentheses, e.g. that IPv6 literals are not supported</param>
    public static string Refusal(string host, string? note = null) =>
        $"\"{host}\" is not a host name kaya can use (letters, digits, '.', '-', '_'{(note is null ? "" : "; " + note)})";

    [GeneratedRegex(@"^[A-Za-z0-9_]([A-Za-z0-9._-]*[A-Za-z0-9_])?$")]
    private static partial Regex Pattern();
}
