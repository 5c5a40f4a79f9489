namespace Kaya.Orchestrator.Transport;

/// <summary>The words that tell a user how to trust a host key, after checking it out of band.</summary>
internal static class HostKeyAdvice
{
    public static string For(SshTarget target) =>
        $"verify the fingerprint on {target.Host} (ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub), compare it with " +
        $"'ssh-keyscan -p {target.Port} {target.Host} | ssh-keygen -lf -', then add it: " +
        $"ssh-keyscan -p {target.Port} {target.Host} >> {target.KnownHostsPath}";
}
