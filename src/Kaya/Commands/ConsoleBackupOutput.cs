using Kaya.Orchestrator;
using Kaya.Orchestrator.Runs;

namespace Kaya.Cli.Commands;

/// <summary>
/// restic's lines on the console, prefixed with the host when stdout is a log or several hosts run; on a terminal
/// (stderr) a live progress line, redrawn at most 4 times a second. Off a terminal there is no progress line, but
/// every warning and error passes through.
/// </summary>
internal sealed class ConsoleBackupOutput(string host, bool prefix) : IBackupOutput
{
    private static readonly Lock ConsoleLock = new();
    private static bool _progressShown;
    private readonly string _prefix = prefix ? host + ": " : "";
    private readonly bool _terminal = !Console.IsErrorRedirected;
    private long _lastDrawn;

    public void Out(string line) => Write(Console.Out, Console.IsOutputRedirected ? TerminalText.Strip(line) : line);

    // Off a terminal, restic's escapes ("\e[2K" before "signal interrupt received") would land raw in a log.
    public void Error(string line) => Write(Console.Error, _terminal ? line : TerminalText.Strip(line));

    public void Progress(ResticProgress progress)
    {
        if (!_terminal) return;
        var now = Environment.TickCount64;
        if (now - _lastDrawn < 250) return;
        _lastDrawn = now;
        lock (ConsoleLock)
        {
            Console.Error.Write($"\r\u001b[K{_prefix}{progress.ToLine()}");
            _progressShown = true;
        }
    }

    /// <summary>
    /// Whether <paramref name="line"/> is kaya's own and says the host already ("kaya: www1: latest is ...",
    /// "warning: www1: ..."): the prefix, meant for restic's lines, would name it twice.
    /// </summary>
    private bool NamesHost(string line)
    {
        if (_prefix.Length == 0) return false;
        var rest = line.StartsWith("kaya: ", StringComparison.Ordinal) ? line[6..] : line;
        if (rest.StartsWith("warning: ", StringComparison.Ordinal)) rest = rest[9..];
        return rest.StartsWith(_prefix, StringComparison.Ordinal);
    }

    private void Write(TextWriter writer, string line)
    {
        lock (ConsoleLock)
        {
            if (_progressShown)
            {
                Console.Error.Write("\r\u001b[K");
                _progressShown = false;
            }
            writer.WriteLine(NamesHost(line) ? line : _prefix + line);
        }
    }
}
