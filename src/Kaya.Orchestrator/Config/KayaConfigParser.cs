using System.Globalization;

namespace Kaya.Orchestrator.Config;

/// <summary>
/// Reads kaya.conf: <c>key=value</c> lines, <c>#</c> comments (whole lines, or after a value as in sh),
/// values optionally in single or double quotes. The original Bash kaya.conf reads unchanged.
/// </summary>
public static class KayaConfigParser
{
    public static KayaConfig Load(string path)
    {
        string text;
        try { text = File.ReadAllText(path); }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ConfigException($"{path}: no such config file; give one with -c (see kaya.conf.example)");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException($"{path}: cannot read the config file: {e.Message}");
        }
        return Parse(text, path);
    }

    public static KayaConfig Parse(string text, string path)
    {
        string? backupRoot = null;
        var config = new KayaConfig { BackupRoot = "" };
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var where = $"{path}:{i + 1}";
            var line = lines[i].TrimEnd('\r').Trim();
            if (line.Length == 0 || line[0] == '#') continue;
            var eq = line.IndexOf('=');
            if (eq <= 0) throw new ConfigException($"{where}: expected key=value, got \"{line}\"");
            var key = line[..eq].Trim();
            var value = ReadValue(line[(eq + 1)..], where);
            config = key switch
            {
                "backup_root" => config with { BackupRoot = backupRoot = AbsolutePath(value, key, where) },
                "remote_port" => config with { RemotePort = Port(value, key, where, allowZero: true) },
                // Accepted for the original's files; the embedded listener takes an ephemeral loopback port instead.
                "local_port" => Ignore(config, Port(value, key, where, allowZero: true)),
                "ssh_port" => config with { SshPort = Port(value, key, where, allowZero: false) },
                "ssh_identity" => config with { SshIdentity = AbsolutePath(value, key, where) },
                "ssh_known_hosts" => config with { SshKnownHosts = AbsolutePath(value, key, where) },
                "ssh_transport" => config with { SshTransport = Transport(value, where) },
                "connect_timeout" => config with { ConnectTimeout = Seconds(value, key, where) },
                _ => throw new ConfigException($"{where}: unknown key \"{key}\" (known: backup_root, remote_port, local_port, ssh_port, ssh_identity, ssh_known_hosts, ssh_transport, connect_timeout)"),
            };
        }
        if (backupRoot is null) throw new ConfigException($"{path}: backup_root is required (e.g. backup_root=/srv/backups/kaya/)");
        return config;
    }

    /// <summary>sh-like: a quoted value runs to its closing quote; an unquoted one to a <c>#</c> that starts a word.</summary>
    private static string ReadValue(string raw, string where)
    {
        var s = raw.TrimStart();
        string value, rest;
        if (s.Length > 0 && (s[0] == '"' || s[0] == '\''))
        {
            var close = s.IndexOf(s[0], 1);
            if (close < 0) throw new ConfigException($"{where}: missing closing {s[0]}");
            value = s[1..close];
            rest = s[(close + 1)..].Trim();
            if (rest.Length > 0 && rest[0] != '#') throw new ConfigException($"{where}: unexpected \"{rest}\" after the quoted value");
            return value;
        }
        var end = s.Length;
        for (var i = 0; i < s.Length; i++)
        {
            if (s[i] == '#' && (i == 0 || char.IsWhiteSpace(s[i - 1]))) { end = i; break; }
        }
        value = s[..end].Trim();
        if (value.Any(char.IsWhiteSpace)) throw new ConfigException($"{where}: value \"{value}\" contains spaces; put it in quotes");
        return value;
    }

    private static KayaConfig Ignore(KayaConfig config, int _) => config;

    private static int Port(string value, string key, string where, bool allowZero)
    {
        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port <= 65535 && (allowZero || port > 0)) return port;
        throw new ConfigException($"{where}: {key}={value}: expected a port number {(allowZero ? 0 : 1)}-65535");
    }

    private static string AbsolutePath(string value, string key, string where)
    {
        if (value.Length == 0) throw new ConfigException($"{where}: {key} is empty");
        if (value == "~" || value.StartsWith("~/", StringComparison.Ordinal)) value = KayaConfig.Home + value[1..];
        if (!Path.IsPathFullyQualified(value)) throw new ConfigException($"{where}: {key}={value}: expected an absolute path");
        return value;
    }

    private static SshTransportKind Transport(string value, string where) => value switch
    {
        "openssh" => SshTransportKind.OpenSsh,
        "sshnet" => SshTransportKind.SshNet,
        _ => throw new ConfigException($"{where}: ssh_transport={value}: expected openssh or sshnet"),
    };

    private static TimeSpan Seconds(string value, string key, string where)
    {
        var number = value.EndsWith('s') ? value[..^1] : value;
        if (int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var s) && s is > 0 and <= 3600) return TimeSpan.FromSeconds(s);
        throw new ConfigException($"{where}: {key}={value}: expected seconds, 1-3600");
    }
}
