namespace Kaya.Orchestrator.Runs;

/// <summary>
/// Keeps the last "Fatal: …" line restic wrote on stderr (restic 0.14 prints its fatal errors so, also under
/// --json): the cause a failed run's one-line reason carries into history, status, hooks and --json.
/// </summary>
internal sealed class FatalLine
{
    /// <summary>
    /// Longest cause kept, in characters: a reason stays one readable line in <c>kaya status</c> and a hook's
    /// environment. restic's fatal messages are a sentence and maybe a path; a longer one is cut with "…".
    /// </summary>
    public const int MaxLength = 200;

    private const string Prefix = "Fatal: ";

    /// <summary>The last fatal line seen, terminal escapes removed and cut to <see cref="MaxLength"/>; null when none.</summary>
    public string? Last { get; private set; }

    /// <summary>Looks at one stderr line; remembers it when it is restic's fatal error.</summary>
    public void Observe(string line)
    {
        var trimmed = line.Trim();
        if (!trimmed.StartsWith(Prefix, StringComparison.Ordinal)) return;
        var clean = TerminalText.Strip(trimmed);
        Last = clean.Length <= MaxLength ? clean : string.Concat(clean.AsSpan(0, MaxLength - 1), "…");
    }
}
