using Kaya.Orchestrator.Fleet;

namespace Kaya.Orchestrator.Config;

/// <summary>
/// The ssh files kaya.conf and hosts.d name that ssh could not read, for <c>kaya check-config</c>: else a missing
/// key shows only at the first backup, as "Permission denied (publickey)" (exit 21).
/// </summary>
public static class SshFiles
{
    /// <summary>One error per unreadable file: <c>ssh_identity</c> of kaya.conf and of each host, and <c>ssh_known_hosts</c> when set (ssh's own default file may be absent).</summary>
    public static IEnumerable<string> Problems(string configPath, KayaConfig config, IEnumerable<HostConfig> hosts)
    {
        if (config.SshIdentity is { } identity && Unreadable(identity) is { } why)
            yield return $"{configPath}: ssh_identity {identity} {why}: create the key (ssh-keygen -t ed25519 -f {identity}) or correct the path";
        var defaultKnownHosts = new KayaConfig { BackupRoot = config.BackupRoot }.SshKnownHosts;
        if (config.SshKnownHosts != defaultKnownHosts && Unreadable(config.SshKnownHosts) is { } knownWhy)
            yield return $"{configPath}: ssh_known_hosts {config.SshKnownHosts} {knownWhy}: add each target's key (ssh-keyscan HOST >> {config.SshKnownHosts}) or correct the path";
        foreach (var host in hosts)
        {
            if (host.SshIdentity is { } own && Unreadable(own) is { } ownWhy)
                yield return $"{host.Path}: ssh_identity {own} {ownWhy}: create the key or correct the path";
        }
    }

    /// <summary>"does not exist" or "cannot be read: …", or null when the file opens for reading.</summary>
    private static string? Unreadable(string file)
    {
        if (!File.Exists(file)) return "does not exist";
        try
        {
            using var _ = File.OpenRead(file);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"cannot be read: {e.Message}";
        }
    }
}
