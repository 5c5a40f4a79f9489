using System.Net;
using Kaya.Storage.S3;

namespace Kaya.Orchestrator.Config;

/// <summary>The validated settings of kaya.conf. Every default says where it comes from.</summary>
public sealed record KayaConfig
{
    /// <summary>The file <c>kaya</c> reads without -c, as the original did.</summary>
    public const string DefaultPath = "/etc/kaya.conf";

    /// <summary>Where each host's repository lives, as <c>backup_root/HOST</c> (required, as in the original).</summary>
    public required string BackupRoot { get; init; }

    /// <summary>The port on the target's loopback that tunnels to the backup host; the original's default 8777. 0: the target's sshd picks a free one.</summary>
    public int RemotePort { get; init; } = 8777;

    /// <summary>The target's sshd port: the SSH default.</summary>
    public int SshPort { get; init; } = 22;

    /// <summary>The private key; null: ~/.ssh/id_ed25519, then ~/.ssh/id_rsa (what ssh tries first), or ssh's own choice with openssh.</summary>
    public string? SshIdentity { get; init; }

    /// <summary>Known host keys, OpenSSH format: ssh's own default file.</summary>
    public string SshKnownHosts { get; init; } = Path.Combine(Home, ".ssh", "known_hosts");

    /// <summary>openssh by default: measured 263-351 MB/s against SSH.NET's 38-50 MB/s, at an eighth of the target's sshd CPU.</summary>
    public SshTransportKind SshTransport { get; init; } = SshTransportKind.OpenSsh;

    /// <summary>How long to wait for the TCP connect and SSH handshake: 30 s, a little below ssh's usual TCP timeout.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The folder of per-host files, <c>HOST.conf</c>: /etc/kaya/hosts.d whatever -c names (issue 9's settled default; tests set it).</summary>
    public string HostsDir { get; init; } = DefaultHostsDir;

    /// <summary>The hosts.d folder when kaya.conf names none.</summary>
    public const string DefaultHostsDir = "/etc/kaya/hosts.d";

    /// <summary>Runs at once: 2, what a 2-core backup host with one disk serves without slowing each run.</summary>
    public int MaxParallel { get; init; } = 2;

    /// <summary>The gap between run starts: 10 s, so that SSH handshakes and restic's index loads do not all land at once.</summary>
    public TimeSpan Stagger { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Waits before each retry of a transient failure in one invocation: 1 min then 5 min (issue 9), two retries.</summary>
    public IReadOnlyList<TimeSpan> RetryBackoff { get; init; } = [TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5)];

    /// <summary>The run history, SQLite: backup_root/.kaya/history.db unless set, a dot-name the REST server never serves.</summary>
    public string HistoryDb
    {
        get => _historyDb ?? Path.Combine(BackupRoot, ".kaya", "history.db");
        init => _historyDb = value;
    }

    private readonly string? _historyDb;

    /// <summary>A Prometheus text file rewritten after every run, for node_exporter's textfile collector; null: none (opt-in).</summary>
    public string? MetricsTextfile { get; init; }

    /// <summary>Where the daemon serves /metrics and the status page: loopback port 9130 (issue 9), beside node_exporter's 9100.</summary>
    public IPEndPoint StatusListen { get; init; } = new(IPAddress.Loopback, 9130);

    /// <summary>An htpasswd file guarding the status listener; null: no authentication (loopback by default).</summary>
    public string? StatusHtpasswd { get; init; }

    /// <summary>TLS certificate (PEM) for status_listen; null: plain HTTP, which with status_htpasswd is allowed on loopback only.</summary>
    public string? StatusTlsCert { get; init; }

    /// <summary>The certificate's private key (PEM); null: in the certificate's file.</summary>
    public string? StatusTlsKey { get; init; }

    /// <summary>How long the daemon lets runs finish after SIGTERM before stopping them: 5 min (issue 9).</summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Local hours in which the daemon starts runs, e.g. 01:00-06:00; null: any time.</summary>
    public TimeWindow? BackupWindow { get; init; }

    /// <summary><c>sh -c</c> command run when a host starts failing; null: none.</summary>
    public string? OnFailure { get; init; }

    /// <summary><c>sh -c</c> command run when a host becomes stale; null: none.</summary>
    public string? OnStale { get; init; }

    /// <summary><c>sh -c</c> command run when a failing or stale host succeeds again; null: none.</summary>
    public string? OnRecovery { get; init; }

    /// <summary><c>sh -c</c> command run after every success (dead-man's-switch pings); null: none.</summary>
    public string? OnSuccess { get; init; }

    /// <summary>How long a hook may run before its process group is killed: 60 s, ample for a mail or an HTTP ping.</summary>
    public TimeSpan HookTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Client and arrival times further apart than this are flagged by <c>snapshots --arrival</c> and <c>forget</c>: 1 h (issue 10).</summary>
    public TimeSpan ClockSkewAlarm { get; init; } = Lifecycle.ArrivalRetention.DefaultClockSkewAlarm;

    /// <summary>Bytes per second <c>kaya scrub</c> reads at most without --rate (see <see cref="Lifecycle.ScrubOptions"/> for the default's source).</summary>
    public long ScrubRate { get; init; } = Lifecycle.ScrubOptions.DefaultRate;

    /// <summary>
    /// How often the daemon scrubs each host's repository: 30 days (issue 10's default: a month bounds how long bit rot goes
    /// unseen, and at scrub_rate a month leaves ample idle hours); null (<c>scrub_interval=off</c>): the daemon never scrubs.
    /// </summary>
    public TimeSpan? ScrubInterval { get; init; } = TimeSpan.FromDays(30);

    /// <summary>How often the daemon applies each host's keep_* rules: null, off by default (issue 10: retention removes data, so it is opt-in).</summary>
    public TimeSpan? ForgetInterval { get; init; }

    /// <summary>Whether the daemon's forget runs <c>restic prune</c> after it: no by default (prune rewrites packs and holds the host for long).</summary>
    public bool ForgetPrune { get; init; }

    /// <summary>keep_* rules for hosts whose hosts.d file has none; null: such hosts are left alone by forget.</summary>
    public Lifecycle.KeepPolicy? Keep { get; init; }
    /// <summary>
    /// Where repositories live: null, the file system under <see cref="BackupRoot"/> (the original's
    /// layout); or a bucket (storage=s3://BUCKET/PREFIX, s3_endpoint, s3_region). Passwords, the history
    /// and host locks stay under backup_root either way: a password never travels next to its ciphertext.
    /// </summary>
    public S3StoreOptions? Storage { get; init; }

    internal static string Home => Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
}
