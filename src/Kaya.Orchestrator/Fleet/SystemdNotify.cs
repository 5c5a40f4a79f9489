using System.Net.Sockets;
using System.Text;

namespace Kaya.Orchestrator.Fleet;

/// <summary>
/// sd_notify(3) by hand: one datagram to <c>$NOTIFY_SOCKET</c> (a path, or an abstract name after '@'), which is
/// all Type=notify needs, with no reflection for Native AOT. Without the variable (not under systemd) it does nothing.
/// </summary>
public static class SystemdNotify
{
    /// <summary>Sends <paramref name="state"/> (e.g. <c>READY=1</c>, <c>STOPPING=1</c>, <c>RELOADING=1</c>); false when not under systemd or the send failed.</summary>
    public static bool Send(string state)
    {
        var path = Environment.GetEnvironmentVariable("NOTIFY_SOCKET");
        if (string.IsNullOrEmpty(path)) return false;
        if (path[0] == '@') path = "\0" + path[1..];
        try
        {
            using var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
            socket.SendTo(Encoding.UTF8.GetBytes(state), new UnixDomainSocketEndPoint(path));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
