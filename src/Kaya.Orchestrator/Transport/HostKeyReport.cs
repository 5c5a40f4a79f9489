namespace Kaya.Orchestrator.Transport;

/// <summary>
/// Has the system ssh say which host key the target showed: ssh runs its KnownHostsCommand with the offered key's
/// type and fingerprint (<c>%t %f</c>), and the one given here only writes them to stderr, marked with a nonce the
/// target never sees; it adds no key, so known_hosts alone still decides (StrictHostKeyChecking=yes). ssh also
/// runs it once with <c>NONE</c> while it orders its key algorithms; that report is skipped.
/// </summary>
internal static class HostKeyReport
{
    private const string Marker = "kaya-host-key";

    /// <summary>The ssh options that make the report: SHA256 fingerprints, as ssh prints them by default.</summary>
    public static string[] Options(string nonce) =>
    [
        "-o", "FingerprintHash=sha256",
        // ssh splits the command into words itself (no shell) and expands the %-tokens first.
        "-o", $"KnownHostsCommand=/bin/sh -c 'echo {Marker} {nonce} %t %f >&2'",
    ];

    /// <summary>Whether the line is a report (never to be shown as the command's stderr); <paramref name="fingerprint"/> is null for the <c>NONE</c> one.</summary>
    public static bool TryRead(string line, string nonce, out string? fingerprint)
    {
        fingerprint = null;
        var prefix = $"{Marker} {nonce} ";
        if (!line.StartsWith(prefix, StringComparison.Ordinal)) return false;
        var fields = line[prefix.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length == 2 && fields[1].StartsWith("SHA256:", StringComparison.Ordinal)) fingerprint = fields[1];
        return true;
    }
}
