using System.Net;
using Kaya.Storage.S3;

namespace Kaya.Orchestrator.Config;

/// <summary>Reads kaya.conf (format: <see cref="ConfigFile"/>; values: <see cref="ConfigValues"/>). Errors name file:line.</summary>
public static class KayaConfigParser
{
    private const string KnownKeys = "backup_root, remote_port, local_port, ssh_port, ssh_identity, ssh_known_hosts, ssh_transport, connect_timeout, " +
        "hosts_dir, max_parallel, stagger, retry_backoff, history_db, metrics_textfile, status_listen, status_htpasswd, status_tls_cert, status_tls_key, shutdown_timeout, " +
        "backup_window, on_failure, on_stale, on_recovery, on_success, hook_timeout, clock_skew_alarm, scrub_rate, scrub_interval, forget_interval, forget_prune, storage, s3_endpoint, s3_region, " + KeepKeys.Names;

    public static KayaConfig Load(string path) => Parse(ConfigFile.Read(path), path);

    /// <summary>
    /// kaya.conf as far as it reads, every error (file:line) added to <paramref name="errors"/>, for <c>kaya check-config</c>;
    /// null when the file cannot be read at all.
    /// </summary>
    public static KayaConfig? Check(string path, ICollection<string> errors)
    {
        string text;
        try { text = ConfigFile.Read(path); }
        catch (ConfigException e)
        {
            errors.Add(e.Message);
            return null;
        }
        return Parse(text, path, errors);
    }

    /// <summary>The settings of <paramref name="text"/>, read as the file at <paramref name="path"/>.</summary>
    /// <param name="errors">null: the first error is thrown (every command but check-config); else each error is added to it and its line skipped</param>
    /// <exception cref="ConfigException">a line or the file as a whole is wrong; names file:line</exception>
    public static KayaConfig Parse(string text, string path, ICollection<string>? errors = null)
    {
        string? backupRoot = null;
        (string Value, string Where)? storage = null, endpoint = null, region = null;
        var config = new KayaConfig { BackupRoot = "" };
        foreach (var line in ConfigFile.Lines(text, path, errors))
        {
            try { config = Apply(config, line, ref backupRoot, ref storage, ref endpoint, ref region); }
            catch (ConfigException e) when (errors is not null) { errors.Add(e.Message); }
        }
        try
        {
            if (backupRoot is null) throw new ConfigException($"{path}: backup_root is required (e.g. backup_root=/srv/backups/kaya/)");
            return config with { Storage = Storage(storage, endpoint, region) };
        }
        catch (ConfigException e) when (errors is not null)
        {
            errors.Add(e.Message);
            return config;
        }
    }

    /// <summary><paramref name="config"/> with <paramref name="line"/>'s setting; storage and its endpoint and region are only noted, and read at the end.</summary>
    private static KayaConfig Apply(KayaConfig config, ConfigLine line, ref string? backupRoot,
        ref (string Value, string Where)? storage, ref (string Value, string Where)? endpoint, ref (string Value, string Where)? region)
    {
        var (key, where) = (line.Key, line.Where);
        var keep = config.Keep;
        if (KeepKeys.TryApply(ref keep, line)) return config with { Keep = keep };
        var value = line.Value;
        return key switch
        {
            "backup_root" => config with { BackupRoot = backupRoot = ConfigFile.AbsolutePath(value, key, where) },
            "remote_port" => config with { RemotePort = ConfigFile.Port(value, key, where, allowZero: true) },
            // Accepted for the original's files; the embedded listener takes an ephemeral loopback port instead.
            "local_port" => Ignore(config, ConfigFile.Port(value, key, where, allowZero: true)),
            "ssh_port" => config with { SshPort = ConfigFile.Port(value, key, where, allowZero: false) },
            "ssh_identity" => config with { SshIdentity = ConfigFile.AbsolutePath(value, key, where) },
            "ssh_known_hosts" => config with { SshKnownHosts = ConfigFile.AbsolutePath(value, key, where) },
            "ssh_transport" => config with { SshTransport = ConfigFile.Transport(value, where) },
            "connect_timeout" => config with { ConnectTimeout = ConfigValues.Duration(value, key, where, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1)) },
            "hosts_dir" => config with { HostsDir = ConfigFile.AbsolutePath(value, key, where) },
            "max_parallel" => config with { MaxParallel = ConfigValues.Integer(value, key, where, 1, 256) },
            "stagger" => config with { Stagger = ConfigValues.Duration(value, key, where, TimeSpan.Zero, TimeSpan.FromHours(1)) },
            "retry_backoff" => config with { RetryBackoff = value is "" or "none" ? [] : ConfigValues.DurationList(value, key, where, TimeSpan.Zero, TimeSpan.FromHours(6)) },
            "history_db" => config with { HistoryDb = ConfigFile.AbsolutePath(value, key, where) },
            "metrics_textfile" => config with { MetricsTextfile = ConfigFile.AbsolutePath(value, key, where) },
            "status_listen" => config with { StatusListen = Endpoint(value, key, where) },
            "status_htpasswd" => config with { StatusHtpasswd = ConfigFile.AbsolutePath(value, key, where) },
            "status_tls_cert" => config with { StatusTlsCert = ConfigFile.AbsolutePath(value, key, where) },
            "status_tls_key" => config with { StatusTlsKey = ConfigFile.AbsolutePath(value, key, where) },
            "shutdown_timeout" => config with { ShutdownTimeout = ConfigValues.Duration(value, key, where, TimeSpan.Zero, TimeSpan.FromHours(24)) },
            "backup_window" => config with { BackupWindow = value.Length == 0 ? null : TimeWindow.Parse(value, key, where) },
            "on_failure" => config with { OnFailure = Hook(value) },
            "on_stale" => config with { OnStale = Hook(value) },
            "on_recovery" => config with { OnRecovery = Hook(value) },
            "on_success" => config with { OnSuccess = Hook(value) },
            "hook_timeout" => config with { HookTimeout = ConfigValues.Duration(value, key, where, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1)) },
            "clock_skew_alarm" => config with { ClockSkewAlarm = ConfigValues.Duration(value, key, where, TimeSpan.FromMinutes(1), TimeSpan.FromDays(365)) },
            "scrub_rate" => config with { ScrubRate = ConfigValues.Rate(value, key, where) },
            "scrub_interval" => config with { ScrubInterval = Interval(value, key, where) },
            "forget_interval" => config with { ForgetInterval = Interval(value, key, where) },
            "forget_prune" => config with { ForgetPrune = ConfigValues.Switch(value, key, where) },
            // Read together once every line is in: the endpoint may come before or after storage=.
            "storage" => Keep(config, ref storage, value, where),
            "s3_endpoint" => Keep(config, ref endpoint, value, where),
            "s3_region" => Keep(config, ref region, value, where),
            _ => throw ConfigFile.UnknownKey(key, where, KnownKeys),
        };
    }

    private static KayaConfig Keep(KayaConfig config, ref (string Value, string Where)? slot, string value, string where)
    {
        slot = (value, where);
        return config;
    }

    /// <summary>storage=s3://BUCKET/PREFIX with its s3_endpoint and s3_region; null (the file system) when storage is unset or empty.</summary>
    private static S3StoreOptions? Storage((string Value, string Where)? storage, (string Value, string Where)? endpoint, (string Value, string Where)? region)
    {
        if (storage is not { } given || given.Value.Length == 0)
        {
            if ((endpoint ?? region) is { } stray)
                throw new ConfigException($"{stray.Where}: s3_endpoint and s3_region need storage=s3://BUCKET/PREFIX");
            return null;
        }
        try
        {
            return S3StoreOptions.Parse(given.Value, endpoint?.Value is { Length: > 0 } e ? e : null, region?.Value);
        }
        catch (FormatException ex)
        {
            var at = endpoint is { } ep && ex.Message.StartsWith(ep.Value + ":", StringComparison.Ordinal) ? ep.Where : given.Where;
            throw new ConfigException($"{at}: {ex.Message}");
        }
    }

    /// <summary>A maintenance interval, or null for <c>off</c>: at least 1 h (the daemon's jobs take that long on a real repository), at most 10 years.</summary>
    private static TimeSpan? Interval(string value, string key, string where) =>
        value == "off" ? null
        : ConfigValues.TryParseDuration(value, out var d) && d >= TimeSpan.FromHours(1) && d <= TimeSpan.FromDays(3660) ? d
        : throw new ConfigException($"{where}: {key}={value}: expected off, or a duration from 1h to 3660d (e.g. 30d)");

    private static KayaConfig Ignore(KayaConfig config, int _) => config;

    private static string? Hook(string value) => value.Length == 0 ? null : value;

    /// <summary><c>ADDRESS:PORT</c>, IPv6 in brackets; a bare <c>:PORT</c> is loopback (the status page is private unless named otherwise).</summary>
    private static IPEndPoint Endpoint(string value, string key, string where)
    {
        var text = value.StartsWith(':') ? "127.0.0.1" + value : value;
        if (IPEndPoint.TryParse(text, out var endpoint) && text.Contains(':') && endpoint.Port > 0 && (endpoint.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6 || text.StartsWith('[')))
            return endpoint;
        throw new ConfigException($"{where}: {key}={value}: expected ADDRESS:PORT, e.g. 127.0.0.1:9130 or [::1]:9130");
    }
}
