using Kaya.Orchestrator.Fleet;
using Kaya.Orchestrator.Runs;

namespace Kaya.Orchestrator.Monitoring;

/// <summary>Repositories in backup_root that no hosts.d file names: hosts backed up only by hand, or forgotten.</summary>
public static class UnconfiguredRepositories
{
    /// <summary>Folder names under <paramref name="backupRoot"/> that are host names with a restic <c>config</c> file and no hosts.d file; sorted.</summary>
    public static IReadOnlyList<string> Find(string backupRoot, IEnumerable<HostConfig> hosts)
    {
        var known = hosts.Select(h => h.Name).ToHashSet(StringComparer.Ordinal);
        try
        {
            return Directory.EnumerateDirectories(backupRoot)
                .Select(Path.GetFileName)
                .OfType<string>()
                .Where(name => HostName.IsValid(name) && !known.Contains(name) && File.Exists(Path.Combine(backupRoot, name, "config")))
                .Order(StringComparer.Ordinal)
                .ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }
}
