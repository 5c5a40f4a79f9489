namespace Kaya.Testing;

/// <summary>How a throwaway <see cref="Sshd"/> is set up.</summary>
public sealed record SshdOptions
{
    /// <summary>
    /// How many loopback addresses it listens on: 127.0.0.1, 127.0.0.2, … (all of 127/8 reaches lo on
    /// Linux), so that several targets are distinct host names with their own known_hosts lines. Default 1,
    /// at most 16 (OpenSSH's MAX_LISTEN_SOCKS: sshd exits with "Too many listen sockets" past it).
    /// </summary>
    public int Addresses { get; init; } = 1;

    /// <summary>
    /// The last byte of the first address (127.0.0.FIRST, then on); default 1. sshd listens on at most 16
    /// sockets (OpenSSH's MAX_LISTEN_SOCKS), so a larger fleet takes several sshds on disjoint ranges.
    /// </summary>
    public int FirstAddress { get; init; } = 1;

    /// <summary>
    /// sshd's MaxStartups (unauthenticated connections at once before it drops new ones); null keeps
    /// OpenSSH's default 10:30:100, which many parallel targets (the fleet bench) would run into.
    /// </summary>
    public int? MaxStartups { get; init; }
}
