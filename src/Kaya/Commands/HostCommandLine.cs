using System.CommandLine;
using Kaya.Orchestrator;

namespace Kaya.Cli.Commands;

/// <summary>Parses and runs one of the <c>kaya HOST COMMAND</c> forms recognised before the main parse.</summary>
internal static class HostCommandLine
{
    /// <returns>the action's exit code, or <see cref="ExitCodes.Usage"/> after printing the parse errors</returns>
    public static async Task<int> InvokeAsync(RootCommand root, string[] args)
    {
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors) Console.Error.WriteLine($"kaya: {error.Message}");
            return ExitCodes.Usage;
        }
        return await parse.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
    }
}
