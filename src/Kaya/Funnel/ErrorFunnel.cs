using System.CommandLine;
using System.CommandLine.Parsing;
using Kaya.Orchestrator;

namespace Kaya.Cli.Funnel;

/// <summary>
/// The one way every command ends: a usage error, a classified failure (<see cref="KayaException"/>) or an
/// unexpected exception each become one line on stderr and a code from <see cref="ExitCodes"/>. The stack
/// is printed only with --debug.
/// </summary>
internal static class ErrorFunnel
{
    public static async Task<int> RunAsync(RootCommand root, string[] args)
    {
        var parse = root.Parse(args);
        var name = CommandPath(parse);
        if (UnknownOptions.Describe(parse) is { } unknown) return UsageError(name, [unknown]);
        if (parse.Errors.Count > 0) return UsageError(name, parse.Errors.Select(e => e.Message));
        try
        {
            // The default handler prints the whole exception: here every failure goes through Report instead.
            return await parse.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null, EnableDefaultExceptionHandler = false });
        }
        catch (UsageException e)
        {
            return UsageError(name, [e.Message]);
        }
        catch (KayaException e)
        {
            return Report(name, e, Debug(parse));
        }
        catch (Exception e)
        {
            return Report(name, new UnexpectedException("unexpected error", e), Debug(parse));
        }
    }

    /// <summary>Prints <paramref name="e"/>'s one line (and under --debug the whole exception) and gives its exit code.</summary>
    public static int Report(string name, KayaException e, bool debug)
    {
        Console.Error.WriteLine($"{name}: {e.OneLine}");
        if (debug) Console.Error.WriteLine((e as UnexpectedException)?.InnerException ?? e);
        return e.ExitCode;
    }

    private static int UsageError(string name, IEnumerable<string> messages)
    {
        foreach (var message in messages) Console.Error.WriteLine($"{name}: {message}");
        Console.Error.WriteLine($"Try '{name} --help'.");
        return ExitCodes.Usage;
    }

    /// <summary>"kaya" or "kaya serve": the words a user types, for messages and the help hint.</summary>
    private static string CommandPath(ParseResult parse) =>
        parse.CommandResult.Command is RootCommand ? "kaya" : "kaya " + parse.CommandResult.Command.Name;

    /// <summary>Whether the command line asked for --debug (or -v) before any "--".</summary>
    private static bool Debug(ParseResult parse)
    {
        foreach (var token in parse.Tokens)
        {
            if (token.Type == TokenType.DoubleDash) break;
            if (token.Type == TokenType.Option && token.Value is "--debug" or "-v") return true;
        }
        return false;
    }
}
