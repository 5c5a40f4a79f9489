using Kaya.Orchestrator.Config;
using Kaya.Orchestrator.Runs;

namespace Kaya.Orchestrator.Fleet;

/// <summary>Reads one hosts.d file (format: <see cref="ConfigFile"/>; values: <see cref="ConfigValues"/>). Errors name file:line.</summary>
public static class HostConfigParser
{
    /// <summary>The file suffix of a host's file; other files in hosts.d (examples, editor backups) are skipped.</summary>
    public const string Suffix = ".conf";

    private const string KnownKeys = "restic_args, user, ssh_port, ssh_identity, ssh_transport, remote_port, interval, max_age, enabled, quota, " + KeepKeys.Names;

    public static HostConfig Load(string path) => Parse(ConfigFile.Read(path), path);

    /// <summary>Parses <paramref name="text"/> as the file at <paramref name="path"/>, whose name gives the host.</summary>
    /// <param name="errors">null: the first error is thrown; else each error is added to it (<c>kaya check-config</c>) and its line skipped</param>
    /// <exception cref="ConfigException">the file's name or a line is wrong; names file:line</exception>
    public static HostConfig Parse(string text, string path, ICollection<string>? errors = null)
    {
        var file = System.IO.Path.GetFileName(path);
        var name = file.EndsWith(Suffix, StringComparison.Ordinal) ? file[..^Suffix.Length] : file;
        string? misnamed = !file.EndsWith(Suffix, StringComparison.Ordinal) ? $"{path}: a host's file is named HOST{Suffix}"
            : !HostName.IsValid(name) ? $"{path}: {HostName.Refusal(name)}; the file name is the host name"
            : HostConfig.ReservedNames.Contains(name) ? $"{path}: \"{name}\" is a kaya command, so 'kaya {name}' could not name this host; rename the file"
            : null;
        if (misnamed is not null)
        {
            if (errors is null) throw new ConfigException(misnamed);
            errors.Add(misnamed);
        }

        var host = new HostConfig { Name = name, Path = path };
        foreach (var line in ConfigFile.Lines(text, path, errors))
        {
            try { host = Apply(host, line); }
            catch (ConfigException e) when (errors is not null) { errors.Add(e.Message); }
        }
        return host;
    }

    private static HostConfig Apply(HostConfig host, ConfigLine line)
    {
        var (key, where) = (line.Key, line.Where);
        var keep = host.Keep;
        if (KeepKeys.TryApply(ref keep, line)) return host with { Keep = keep };
        return key switch
        {
            "restic_args" => host with { ResticArgs = ShellWords.Split(line.Raw, key, where) },
            "user" => host with { User = User(line.Value, where) },
            "ssh_port" => host with { SshPort = ConfigFile.Port(line.Value, key, where, allowZero: false) },
            "ssh_identity" => host with { SshIdentity = ConfigFile.AbsolutePath(line.Value, key, where) },
            "ssh_transport" => host with { SshTransport = ConfigFile.Transport(line.Value, where) },
            "remote_port" => host with { RemotePort = ConfigFile.Port(line.Value, key, where, allowZero: true) },
            "interval" => host with { Interval = ConfigValues.Duration(line.Value, key, where, TimeSpan.FromMinutes(1), TimeSpan.FromDays(366)) },
            "max_age" => host with { MaxAge = ConfigValues.Duration(line.Value, key, where, TimeSpan.FromMinutes(1), TimeSpan.FromDays(3660)) },
            "enabled" => host with { Enabled = ConfigValues.Switch(line.Value, key, where) },
            "quota" => host with { Quota = ConfigValues.Size(line.Value, key, where) },
            _ => throw ConfigFile.UnknownKey(key, where, KnownKeys),
        };
    }

    // What ssh accepts as a login name without quoting; a name that needs quotes is a typo here.
    private static string User(string value, string where) =>
        value.Length > 0 && value.Length <= 64 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-') && value[0] != '-'
            ? value
            : throw new ConfigException($"{where}: user={value}: expected a login name (letters, digits, '.', '_', '-')");
}
