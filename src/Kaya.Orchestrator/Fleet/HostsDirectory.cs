using Kaya.Orchestrator.Config;

namespace Kaya.Orchestrator.Fleet;

/// <summary>The hosts of a hosts.d folder, and the errors of the files that did not read.</summary>
public sealed record HostsDirectoryResult(IReadOnlyList<HostConfig> Hosts, IReadOnlyList<string> Errors);

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

    /// <summary>Every host whose file reads, and every error of the files that do not, each file:line (for <c>kaya check-config</c>).</summary>
    public static HostsDirectoryResult Read(string folder)
    {
        string[] files;
        try
        {
            files = Directory.Exists(folder) ? Directory.GetFiles(folder, "*" + HostConfigParser.Suffix) : [];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new([], [$"{folder}: cannot read the hosts folder: {e.Message}"]);
        }
        Array.Sort(files, StringComparer.Ordinal);
        var hosts = new List<HostConfig>();
        var errors = new List<string>();
        foreach (var file in files)
        {
            // Dot-files are editor or package-manager leftovers, not hosts (a host name never starts with a dot).
            if (Path.GetFileName(file).StartsWith('.')) continue;
            var fileErrors = new List<string>();
            try
            {
                var host = HostConfigParser.Parse(ConfigFile.Read(file), file, fileErrors);
                if (fileErrors.Count == 0) hosts.Add(host);
            }
            catch (ConfigException e) { fileErrors.Add(e.Message); }
            errors.AddRange(fileErrors);
        }
        return new(hosts, errors);
    }
}
