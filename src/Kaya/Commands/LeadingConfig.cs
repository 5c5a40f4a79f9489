namespace Kaya.Cli.Commands;

/// <summary>
/// <c>kaya -c FILE status</c>, as the usage line and kaya.service write it: the config option before a command
/// belongs to that command. Without this, the command would read /etc/kaya.conf and the -c given was silently lost.
/// </summary>
internal static class LeadingConfig
{
    /// <summary>
    /// Moves a leading <c>-c FILE</c>, <c>--config FILE</c> or <c>--config=FILE</c> behind the command it precedes
    /// (and a subcommand such as <c>keys export</c>), when the next word names one of <paramref name="commands"/>.
    /// Anything else (<c>kaya -c FILE HOST backup</c>) is left as it is.
    /// </summary>
    public static string[] Hoist(string[] args, IReadOnlyDictionary<string, IReadOnlySet<string>> commands)
    {
        int width = args switch
        {
            [var o, _, ..] when o is "-c" or "--config" => 2,
            [var o, ..] when o.StartsWith("--config=", StringComparison.Ordinal) => 1,
            _ => 0,
        };
        if (width == 0 || args.Length <= width || !commands.TryGetValue(args[width], out var subcommands)) return args;
        // After the command, and after its subcommand when it has one (keys export -c FILE).
        var at = width + 1 + (args.Length > width + 1 && subcommands.Contains(args[width + 1]) ? 1 : 0);
        return [.. args[width..at], .. args[..width], .. args[at..]];
    }
}
