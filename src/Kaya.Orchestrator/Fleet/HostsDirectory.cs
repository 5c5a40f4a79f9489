using Kaya.Orchestrator.Config;

namespace Kaya.Orchestrator.Fleet;

/// <summary>The hosts of a hosts.d folder, and the errors of the files that did not read.</summary>
/// <param name="Ignored">Files of the folder that are not <c>HOST.conf</c> (nor dot-files, <c>*.example</c> or editor and package backups): likely a host whose file was misnamed.</param>
public sealed record HostsDirectoryResult(IReadOnlyList<HostConfig> Hosts, IReadOnlyList<string> Errors, IReadOnlyList<string> Ignored);

/// <summary>Reads hosts.d: every <c>HOST.conf</c> in the folder, sorted by name. A missing folder is an empty fleet.</summary>
public static class HostsDirectory
{
    /// <summary>Every host, or a <see cref="ConfigException"/> carrying the first file:line error (as kaya.conf's parser does).</summary>
    public static IReadOnlyList<HostConfig> Load(string folder)
    {
        var result = Read(folder);
        if (result.Errors.Count > 0) throw new ConfigException(result.Errors[0]);
        return result.Hosts;
    }

    /// <summary>
    /// <paramref name="host"/>'s settings from its own <c>HOST.conf</c> alone: another host's bad file does not
    /// concern it. Null when it has no file (a host backed up only with <c>kaya HOST backup</c>).
    /// </summary>
    /// <exception cref="ConfigException">its file does not read: the first file:line error</exception>
    public static HostConfig? LoadHost(string folder, string host)
    {
        var file = Path.Combine(folder, host + HostConfigParser.Suffix);
        if (!File.Exists(file)) return null;
        var errors = new List<string>();
        var config = ReadFile(file, errors);
        if (config is null) throw new ConfigException(errors[0]);
        return config;
    }

    /// <summary>
    /// Why hosts_dir gives no host at all because it does not exist, or null when it exists. hosts_dir defaults
    /// to <see cref="KayaConfig.DefaultHostsDir"/> whatever -c names (issue 9), which surprises a -c user.
    /// </summary>
    public static string? Missing(string folder) => Directory.Exists(folder) ? null :
        $"hosts_dir {folder} does not exist" +
        (folder == KayaConfig.DefaultHostsDir ? " (the default, also with -c; set hosts_dir in kaya.conf for another folder)" : "") +
        ": create it with one HOST.conf per host (see contrib/hosts.d/www1.example.com.conf.example)";

    /// <summary>Every host whose file reads, and every error of the files that do not, each file:line (for <c>kaya check-config</c>).</summary>
    public static HostsDirectoryResult Read(string folder)
    {
        string[] files;
        try
        {
            files = Directory.Exists(folder) ? Directory.GetFiles(folder) : [];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new([], [$"{folder}: cannot read the hosts folder: {e.Message}"], []);
        }
        Array.Sort(files, StringComparer.Ordinal);
        var hosts = new List<HostConfig>();
        var errors = new List<string>();
        var ignored = new List<string>();
        foreach (var file in files)
        {
            var name = Path.GetFileName(file);
            // Dot-files are editor or package-manager leftovers, not hosts (a host name never starts with a dot).
            if (name.StartsWith('.')) continue;
            if (!name.EndsWith(HostConfigParser.Suffix, StringComparison.Ordinal))
            {
                if (!IsLeftover(name)) ignored.Add(file);
                continue;
            }
            if (ReadFile(file, errors) is { } host) hosts.Add(host);
        }
        return new(hosts, errors, ignored);
    }

    /// <summary>Examples, editor backups (<c>*~</c>, <c>*.swp</c>, <c>*.bak</c>) and dpkg's or ucf's leftovers: never meant as hosts.</summary>
    private static bool IsLeftover(string name) =>
        name.EndsWith('~') || name.EndsWith(".example", StringComparison.Ordinal) || name.Contains(".dpkg-", StringComparison.Ordinal) ||
        name.Contains(".ucf-", StringComparison.Ordinal) || name.EndsWith(".swp", StringComparison.Ordinal) || name.EndsWith(".bak", StringComparison.Ordinal) ||
        name.EndsWith(".orig", StringComparison.Ordinal) || name.EndsWith(".rpmnew", StringComparison.Ordinal) || name.EndsWith(".rpmsave", StringComparison.Ordinal);

    /// <summary>The file's host, or null after adding its errors to <paramref name="errors"/>.</summary>
    private static HostConfig? ReadFile(string file, List<string> errors)
    {
        var fileErrors = new List<string>();
        HostConfig? host = null;
        try
        {
            host = HostConfigParser.Parse(ConfigFile.Read(file), file, fileErrors);
        }
        catch (ConfigException e) { fileErrors.Add(e.Message); }
        errors.AddRange(fileErrors);
        return fileErrors.Count == 0 ? host : null;
    }
}
