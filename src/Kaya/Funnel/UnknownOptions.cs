using System.CommandLine;
using System.CommandLine.Parsing;

namespace Kaya.Cli.Funnel;

/// <summary>
/// Finds a word that looks like an option but is none of the command's, before System.CommandLine takes it
/// for the HOST or an unmatched argument: "unknown option --cofig (did you mean --config?)".
/// </summary>
internal static class UnknownOptions
{
    /// <summary>The message for the first unknown option, or null when every option is known.</summary>
    public static string? Describe(ParseResult parse)
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
            var suggestion = Closest(name, options.Keys);
            return suggestion is not null
                ? $"unknown option {name} (did you mean {suggestion}?)"
                : parse.CommandResult.Command is RootCommand
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

    /// <summary>The long option nearest to <paramref name="typed"/>: at most 2 edits away, or one it starts.</summary>
    private static string? Closest(string typed, IEnumerable<string> names)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var name in names.Where(n => n.StartsWith("--", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            var distance = name.StartsWith(typed, StringComparison.Ordinal) && typed.Length > 3 ? 1 : Distance(typed, name);
            if (distance < bestDistance) (best, bestDistance) = (name, distance);
        }
        return bestDistance <= 2 ? best : null;
    }

    /// <summary>Levenshtein distance: insertions, deletions, substitutions.</summary>
    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1], previous[j]) + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
