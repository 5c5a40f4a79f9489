using System.CommandLine;
using System.CommandLine.Parsing;
using Kaya.Orchestrator;

namespace Kaya.Cli.Funnel;

/// <summary>
/// Finds a word that looks like an option but is none of the command's, before System.CommandLine takes it
/// for the HOST or an unmatched argument: "unknown option --cofig (did you mean --config?)".
/// </summary>
internal static class UnknownOptions
{
    /// <summary>The message for the first unknown option, or null when every option is known.</summary>
    /// <param name="resticHint">on the root command (<c>kaya HOST backup</c>), say that restic's options go after --</param>
    /// <param name="resticForm">the command line with restic's words after --, for a command that passes them to restic</param>
    public static string? Describe(ParseResult parse, bool resticHint = true, string? resticForm = null)
    {
        var options = OptionsOf(parse.CommandResult);
        var takesValue = false;
        foreach (var token in parse.Tokens)
        {
            if (token.Type == TokenType.DoubleDash) break;
            if (token.Type == TokenType.Option)
            {
                takesValue = options.TryGetValue(token.Value, out var option) && option.ValueType != typeof(bool) && option.Arity.MaximumNumberOfValues > 0;
                continue;
            }
            var value = takesValue;
            takesValue = false;
            if (value || token.Type != TokenType.Argument || token.Value.Length < 2 || token.Value[0] != '-' || char.IsAsciiDigit(token.Value[1])) continue;
            var name = token.Value.Split('=', 2)[0];
            var suggestion = DidYouMean.Closest(name, options.Keys.Where(n => n.StartsWith("--", StringComparison.Ordinal)));
            return suggestion is not null
                ? $"unknown option {name} (did you mean {suggestion}?)"
                : resticForm is not null
                    ? $"unknown option {name} (restic's options go after --: {resticForm})"
                : resticHint && parse.CommandResult.Command is RootCommand
                    ? $"unknown option {name} (restic's options go after --: kaya HOST backup -- RESTIC_ARGS)"
                    : $"unknown option {name}";
        }
        return null;
    }

    /// <summary>The command's options and those it inherits (help, version), by every name and alias.</summary>
    private static Dictionary<string, Option> OptionsOf(CommandResult result)
    {
        var options = new Dictionary<string, Option>(StringComparer.Ordinal);
        for (SymbolResult? r = result; r is not null; r = r.Parent)
        {
            if (r is not CommandResult c) continue;
            foreach (var option in c.Command.Options)
            {
                if (r != result && !option.Recursive) continue;
                options.TryAdd(option.Name, option);
                foreach (var alias in option.Aliases) options.TryAdd(alias, option);
            }
        }
        return options;
    }
}
