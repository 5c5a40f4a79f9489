using System.Text.RegularExpressions;

namespace Kaya.Orchestrator;

/// <summary>A remote line made fit for a file or a one-line reason: no terminal escapes, no control characters.</summary>
public static partial class TerminalText
{
    /// <summary>
    /// Removes ANSI/VT sequences (CSI "ESC [ … final", OSC "ESC ] … BEL/ST", two-byte "ESC x": ECMA-48) and any
    /// other control character but tab, as restic's progress line leaves ("\e[2K") when its stderr is a pipe.
    /// </summary>
    public static string Strip(string line) =>
        line.AsSpan().IndexOfAnyInRange('\0', '\u001f') < 0 && !line.Contains('\u007f', StringComparison.Ordinal)
            ? line
            : Controls().Replace(Escapes().Replace(line, ""), "");

    [GeneratedRegex(@"\u001b(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001b]*(?:\u0007|\u001b\\)|[@-Z\\-_])")]
    private static partial Regex Escapes();

    [GeneratedRegex(@"[\u0000-\u0008\u000a-\u001f\u007f]")]
    private static partial Regex Controls();
}
