using System.CommandLine;
using Kaya.Orchestrator;
using Kaya.Orchestrator.Config;
using Kaya.Orchestrator.Fleet;
using Kaya.Orchestrator.History;
using Kaya.Orchestrator.Runs;

namespace Kaya.Cli.Commands;

/// <summary>What the fleet commands share: kaya.conf, hosts.d and the history, each failure a message and an exit code.</summary>
internal sealed record FleetSetup(KayaConfig Config, IReadOnlyList<HostConfig> Hosts, HistoryStore History)
{
    /// <summary>The file:line errors of the hosts.d files that did not read (only when loaded with <c>skipBadHostFiles</c>).</summary>
    public IReadOnlyList<string> HostFileErrors { get; init; } = [];

    /// <summary>The setup, or the exit code after printing why there is none.</summary>
    /// <param name="skipBadHostFiles">a hosts.d file that does not read leaves its host out (its errors in <see cref="HostFileErrors"/>) rather than stop the command</param>
    public static async Task<(FleetSetup? Setup, int ExitCode)> LoadAsync(string configPath, CancellationToken cancellationToken, bool skipBadHostFiles = false)
    {
        try
        {
            var config = KayaConfigParser.Load(configPath);
            var read = skipBadHostFiles ? HostsDirectory.Read(config.HostsDir) : new(HostsDirectory.Load(config.HostsDir), [], []);
            var hosts = read.Hosts;
            // Before the history, which would create the folder: a status of an unmounted volume must say so, not read as a new fleet.
            BackupRoot.EnsureExists(config.BackupRoot);
            var history = await HistoryStore.OpenAsync(config.HistoryDb, cancellationToken);
            return (new FleetSetup(config, hosts, history) { HostFileErrors = read.Errors }, 0);
        }
        catch (ConfigException e) { return (null, Fail(e.Message, ExitCodes.Config)); }
        catch (HistoryException e) { return (null, Fail(e.Message, ExitCodes.Database)); }
        catch (StorageException e) { return (null, Fail(e.OneLine, e.ExitCode)); }
    }

    /// <summary>The host's hosts.d settings, or the defaults for a host backed up only with <c>kaya HOST backup</c>.</summary>
    public HostConfig Host(string name) => Hosts.FirstOrDefault(h => h.Name == name) ?? new HostConfig { Name = name, Path = "" };

    public static int Fail(string message, int exitCode)
    {
        Console.Error.WriteLine($"kaya: {message}");
        return exitCode;
    }

    public static Option<string> ConfigOption() => new("--config", "-c") { Description = "config file", HelpName = "CONFIG", DefaultValueFactory = _ => KayaConfig.DefaultPath };
}
