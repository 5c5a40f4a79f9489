using System.CommandLine;
using Kaya.Cli.Funnel;
using Kaya.Orchestrator;
using Kaya.Orchestrator.Config;
using Kaya.Orchestrator.Runs;

namespace Kaya.Cli.Commands;

/// <summary>Parses and runs one of the <c>kaya HOST COMMAND</c> forms recognised before the main parse.</summary>
internal static class HostCommandLine
{
    /// <summary>-c CONFIG, the hidden -u USER (the command runs on the backup host) and HOST, HOST's name checked.</summary>
    public static (Option<string> Config, Option<string> User, Argument<string> Host) Add(RootCommand root, string hostDescription)
    {
        var config = FleetSetup.ConfigOption();
        var user = new Option<string>("--user", "-u") { Description = "ignored: the command runs on the backup host", Hidden = true };
        var host = new Argument<string>("HOST") { Description = hostDescription };
        root.Add(config);
        root.Add(user);
        root.Add(host);
        root.Validators.Add(result =>
        {
            if (result.GetValue(host) is { } h && !HostName.IsValid(h)) result.AddError(HostName.Refusal(h));
        });
        return (config, user, host);
    }

    /// <summary>kaya.conf, or null after printing why it cannot be read (the caller exits <see cref="ExitCodes.Config"/>).</summary>
    public static KayaConfig? LoadConfig(string path)
    {
        try { return KayaConfigParser.Load(path); }
        catch (ConfigException e)
        {
            Console.Error.WriteLine($"kaya: {e.Message}");
            return null;
        }
    }

    /// <returns>the action's exit code, or <see cref="ExitCodes.Usage"/> after printing the parse errors</returns>
    /// <param name="resticForm">for a command that passes words to restic: the command line with them after --, for the hint on an unknown option</param>
    public static async Task<int> InvokeAsync(RootCommand root, string[] args, string? resticForm = null)
    {
        var parse = root.Parse(args);
        // "unknown option --keep-dialy (did you mean --keep-daily?)" rather than System.CommandLine's line for it and one for its value.
        if (UnknownOptions.Describe(parse, resticHint: false, resticForm) is { } unknown)
        {
            Console.Error.WriteLine($"kaya: {unknown}");
            return ExitCodes.Usage;
        }
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors) Console.Error.WriteLine($"kaya: {error.Message}");
            return ExitCodes.Usage;
        }
        return await parse.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
    }
}
