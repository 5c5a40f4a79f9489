using Kaya.Orchestrator.Config;
using Microsoft.Extensions.Logging;

namespace Kaya.Orchestrator.Transport;

/// <summary>The transport a config asks for.</summary>
public static class SshTransports
{
    /// <param name="time">The clock for the transport's own timers (SSH.NET's connect timeout and heartbeat, the grace of a stop); null: the system clock.</param>
    public static ISshTransport For(SshTransportKind kind, ILoggerFactory? loggerFactory = null, TimeProvider? time = null) => kind switch
    {
        SshTransportKind.SshNet => new SshNetTransport(loggerFactory?.CreateLogger<SshNetTransport>(), time),
        _ => new OpenSshTransport(logger: loggerFactory?.CreateLogger<OpenSshTransport>(), time: time),
    };
}
