using Kaya.Orchestrator.Config;

namespace Kaya.Orchestrator.Transport;

/// <summary>The transport a config asks for.</summary>
public static class SshTransports
{
    public static ISshTransport For(SshTransportKind kind) => kind switch
    {
        SshTransportKind.SshNet => new SshNetTransport(),
        _ => new OpenSshTransport(),
    };
}
