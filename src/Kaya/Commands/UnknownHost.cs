using Kaya.Orchestrator;
using Kaya.Orchestrator.Config;
using Kaya.Orchestrator.Fleet;
using Kaya.Orchestrator.History;
using Kaya.Orchestrator.Runs;

namespace Kaya.Cli.Commands;

/// <summary>
/// A host name kaya knows nothing of (no hosts.d file, no folder in backup_root, no run in the history): a typo,
/// said the same way by every command, with the known host it most likely meant.
/// </summary>
internal static class UnknownHost
{
    /// <summary>Whether <paramref name="host"/> has a hosts.d file, a run in the history or a folder in backup_root.</summary>
    public static bool IsKnown(FleetSetup setup, IReadOnlyDictionary<string, HostHistory> histories, string host) =>
        setup.Hosts.Any(h => h.Name == host) || histories.ContainsKey(host)
        || (HostName.IsValid(host) && Directory.Exists(Path.Combine(setup.Config.BackupRoot, host)));

    /// <summary>"COMMAND: unknown host "X": no X.conf in hosts_dir …, no repository in backup_root … and no run in the history (did you mean 'Y'?)".</summary>
    public static string Refusal(string command, string host, FleetSetup setup, IReadOnlyDictionary<string, HostHistory> histories) =>
        $"{command}: unknown host \"{host}\": no {host}{HostConfigParser.Suffix} in hosts_dir {setup.Config.HostsDir}, " +
        $"no repository in backup_root {setup.Config.BackupRoot} and no run in the history" +
        DidYouMean.Hint(host, setup.Hosts.Select(h => h.Name).Concat(histories.Keys));

    /// <summary>
    /// " (did you mean 'Y'?)" over the hosts.d names and the folders of backup_root, or "": for commands that do not
    /// load the fleet. A hosts.d that cannot be read adds no names (its error is the business of other commands).
    /// </summary>
    public static string Hint(string host, KayaConfig config)
    {
        var names = new List<string>();
        try { names.AddRange(HostsDirectory.Load(config.HostsDir).Select(h => h.Name)); }
        catch (ConfigException) { }
        catch (IOException) { }
        try
        {
            if (Directory.Exists(config.BackupRoot)) names.AddRange(Directory.EnumerateDirectories(config.BackupRoot).Select(Path.GetFileName).OfType<string>());
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return DidYouMean.Hint(host, names);
    }
}
