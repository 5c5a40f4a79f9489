using System.Net;

namespace Kaya.Server.Hosting;

/// <summary>Where to listen: a TCP endpoint or a unix socket, written as rest-server's --listen.</summary>
public sealed record ListenAddress
{
    public IPEndPoint? Tcp { get; private init; }
    public string? UnixSocketPath { get; private init; }

    public bool IsLoopback => UnixSocketPath is not null || IPAddress.IsLoopback(Tcp!.Address);

    public static ListenAddress Loopback(int port) => new() { Tcp = new IPEndPoint(IPAddress.Loopback, port) };

    /// <summary>
    /// Parses <c>HOST:PORT</c>, <c>[V6]:PORT</c>, <c>:PORT</c> (loopback: a wider bind must be asked for by
    /// naming the address, e.g. <c>0.0.0.0:8000</c>), <c>localhost:PORT</c> or <c>unix:/path</c>.
    /// </summary>
    public static ListenAddress Parse(string text)
    {
        if (text.StartsWith("unix:", StringComparison.Ordinal))
        {
            var path = text[5..];
            if (path.Length == 0) throw new FormatException($"--listen {text}: give the socket's path, as in unix:/run/kaya.sock");
            return new ListenAddress { UnixSocketPath = Path.GetFullPath(path) };
        }
        var colon = text.LastIndexOf(':');
        if (colon < 0 || !int.TryParse(text.AsSpan(colon + 1), out var port) || port is < 0 or > 65535)
            throw new FormatException($"--listen {text}: expected HOST:PORT, :PORT or unix:/path (e.g. 127.0.0.1:8000)");
        var host = text[..colon].Trim('[', ']');
        IPAddress address;
        if (host.Length == 0 || host.Equals("localhost", StringComparison.OrdinalIgnoreCase)) address = IPAddress.Loopback;
        else if (!IPAddress.TryParse(host, out address!))
            throw new FormatException($"--listen {text}: '{host}' is not an IP address; use an address such as 127.0.0.1 or 0.0.0.0");
        return new ListenAddress { Tcp = new IPEndPoint(address, port) };
    }

    public override string ToString() => UnixSocketPath is not null ? "unix:" + UnixSocketPath : Tcp!.ToString();
}
