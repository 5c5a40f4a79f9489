using Kaya.Orchestrator.Config;

namespace Kaya.Orchestrator.Fleet;

/// <summary>
/// One host's file in hosts.d, <c>HOST.conf</c>. Connection keys left unset (null) take kaya.conf's value;
/// <see cref="ApplyTo"/> gives the config a run of this host uses.
/// </summary>
public sealed record HostConfig
{
    /// <summary>The host name: the file's name without <c>.conf</c>.</summary>
    public required string Name { get; init; }

    /// <summary>The file it came from, for messages.</summary>
    public required string Path { get; init; }

    /// <summary>The words after <c>--</c> for restic backup, each reaching restic exactly; null: none given (a run then needs <c>-- ARGS</c>).</summary>
    public IReadOnlyList<string>? ResticArgs { get; init; }

    /// <summary>The remote user: root, the original's default, since a full-system backup reads everything.</summary>
    public string User { get; init; } = "root";

    /// <summary>The target's sshd port; null: kaya.conf's ssh_port.</summary>
    public int? SshPort { get; init; }

    /// <summary>The private key; null: kaya.conf's ssh_identity.</summary>
    public string? SshIdentity { get; init; }

    /// <summary>The SSH implementation; null: kaya.conf's ssh_transport.</summary>
    public SshTransportKind? SshTransport { get; init; }

    /// <summary>The tunnel's port on the target; null: kaya.conf's remote_port.</summary>
    public int? RemotePort { get; init; }

    /// <summary>How often the host is due: 24 h (issue 9), a nightly backup.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromHours(24);

    /// <summary>A host whose last success is older is stale; default 2 × interval (issue 9): one missed run is tolerated, two are not.</summary>
    public TimeSpan MaxAge
    {
        get => _maxAge ?? 2 * Interval;
        init => _maxAge = value;
    }

    private readonly TimeSpan? _maxAge;

    /// <summary>Whether runs, status and alerts consider the host: yes by default.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>The most this host's repository may hold, in bytes; null: no limit beyond the disk.</summary>
    public long? Quota { get; init; }

    /// <summary>keep_* keys (restic's keep rules, applied to arrival times) for <c>kaya forget --all</c>; null: none given, the host is left alone.</summary>
    public Lifecycle.KeepPolicy? Keep { get; init; }

    /// <summary>Command names a hosts.d file may not take, since <c>kaya NAME</c> would run the command (issue 9).</summary>
    public static readonly IReadOnlySet<string> ReservedNames = new HashSet<string>(StringComparer.Ordinal)
    {
        "run", "status", "daemon", "scrub", "forget", "serve", "conformance", "check-config", "keys",
    };

    /// <summary>kaya.conf with this host's connection keys laid over it.</summary>
    public KayaConfig ApplyTo(KayaConfig config) => config with
    {
        SshPort = SshPort ?? config.SshPort,
        SshIdentity = SshIdentity ?? config.SshIdentity,
        SshTransport = SshTransport ?? config.SshTransport,
        RemotePort = RemotePort ?? config.RemotePort,
    };
}
