using System.Net;
using System.Net.Sockets;

namespace Kaya.Testing;

/// <summary>A TCP port nobody listens on right now, for programs that must be told their port (rclone, sshd).</summary>
public static class FreePort
{
    /// <summary>A port free on <paramref name="address"/> (default 127.0.0.1) at the moment of asking; the caller binds it soon after.</summary>
    public static int Pick(IPAddress? address = null)
    {
        using var listener = new TcpListener(address ?? IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
