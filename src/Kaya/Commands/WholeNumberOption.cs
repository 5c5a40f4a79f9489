using System.CommandLine;
using System.Globalization;

namespace Kaya.Cli.Commands;

/// <summary>
/// Options that take a whole number, with kaya's own message for a bad one ("--keep-last abc: expected a whole
/// number ≥ 0"): System.CommandLine's default names .NET types ("System.Int32").
/// </summary>
internal static class WholeNumberOption
{
    /// <summary>An optional int option: null when not given, a usage error (exit 2) when not a whole number ≥ <paramref name="minimum"/>.</summary>
    public static Option<int?> Int(string name, int minimum = 0) => new(name)
    {
        CustomParser = result => Parse(name, result, minimum, int.MaxValue) is { } n ? (int)n : null,
    };

    /// <summary>An optional long option: null when not given, a usage error (exit 2) when not a whole number ≥ <paramref name="minimum"/>.</summary>
    public static Option<long?> Long(string name, long minimum = 0) => new(name)
    {
        CustomParser = result => Parse(name, result, minimum, long.MaxValue),
    };

    private static long? Parse(string name, System.CommandLine.Parsing.ArgumentResult result, long minimum, long maximum)
    {
        if (result.Tokens.Count == 0) return null;
        var text = result.Tokens[^1].Value;
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= minimum && n <= maximum) return n;
        result.AddError($"{name} {text}: expected a whole number ≥ {minimum}");
        return null;
    }
}
