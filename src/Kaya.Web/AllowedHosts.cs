using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace Kaya.Web;

/// <summary>
/// The Host header values the page answers to, against DNS rebinding: a page in a browser on a name an attacker
/// controls, resolved to 127.0.0.1, sends that name, and is refused. Accepted: the bound address and port,
/// <c>localhost</c> on loopback, the address the connection arrived on (a wildcard bind reached by IP), the named
/// host names and the certificate's DNS names; the port may be left out when it is the scheme's default.
/// </summary>
internal sealed class AllowedHosts
{
    private readonly HashSet<string> _names;
    private readonly int _port;
    private readonly bool _defaultPort;

    public AllowedHosts(IPEndPoint bound, IEnumerable<string> names, X509Certificate2? certificate)
    {
        _port = bound.Port;
        _defaultPort = _port == (certificate is null ? 80 : 443);
        _names = new HashSet<string>(names, StringComparer.OrdinalIgnoreCase);
        if (!bound.Address.Equals(IPAddress.Any) && !bound.Address.Equals(IPAddress.IPv6Any)) _names.Add(Literal(bound.Address));
        if (IPAddress.IsLoopback(bound.Address)) _names.Add("localhost");
        if (certificate?.Extensions.OfType<X509SubjectAlternativeNameExtension>().FirstOrDefault() is { } san)
        {
            foreach (var dns in san.EnumerateDnsNames()) _names.Add(dns);
        }
    }

    /// <summary>The address to name in a refusal.</summary>
    public string Example => $"{_names.First()}:{_port}";

    public bool Allows(string? host, IPAddress? arrivedOn)
    {
        if (string.IsNullOrEmpty(host)) return false;
        string name;
        if (host.StartsWith('['))
        {
            var end = host.IndexOf(']');
            if (end < 0) return false;
            name = host[..(end + 1)];
            if (!PortMatches(host[(end + 1)..])) return false;
        }
        else
        {
            var colon = host.LastIndexOf(':');
            name = colon < 0 ? host : host[..colon];
            if (!PortMatches(colon < 0 ? "" : host[colon..])) return false;
        }
        return _names.Contains(name) || (arrivedOn is not null && string.Equals(name, Literal(arrivedOn), StringComparison.OrdinalIgnoreCase));
    }

    private bool PortMatches(string suffix) =>
        suffix.Length == 0 ? _defaultPort : suffix[0] == ':' && int.TryParse(suffix.AsSpan(1), out var port) && port == _port;

    private static string Literal(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        return address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString();
    }
}
