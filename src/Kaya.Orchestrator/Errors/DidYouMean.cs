namespace Kaya.Orchestrator;

/// <summary>
/// The known word a mistyped one most likely meant, for "(did you mean 'backup'?)" after an error. After git's
/// "did you mean" (help.c, which weighs each kind of edit differently), simplified: a word the typed one begins
/// comes first, then Damerau-Levenshtein distance (a swap of two neighbours is one edit, as a typo usually is), and a
/// word is named only when it is the one nearest.
/// </summary>
public static class DidYouMean
{
    /// <summary>At most this many edits apart counts as a typo: a swapped pair and one slip more; further apart, a word is a guess.</summary>
    public const int MaxDistance = 2;

    /// <summary>
    /// The one word of <paramref name="known"/> that <paramref name="typed"/> begins (at least 2 letters), else the one
    /// nearest within <see cref="MaxDistance"/> edits (fewer edits than <paramref name="typed"/> has letters); null when
    /// none is, or when two begin with it or are equally near. Case is ignored.
    /// </summary>
    public static string? Closest(string typed, IEnumerable<string> known)
    {
        var words = known.Distinct(StringComparer.Ordinal).ToList();
        // "res" begins restore and restore-to-target: neither is meant more than the other, and "ls" (2 edits) is not meant at all.
        var prefixed = typed.Length >= 2 ? words.Where(w => w.StartsWith(typed, StringComparison.OrdinalIgnoreCase)).Take(2).ToList() : [];
        if (prefixed.Count > 0) return prefixed.Count == 1 ? prefixed[0] : null;
        var lowered = typed.ToLowerInvariant();
        var nearest = words.Select(w => (Word: w, Distance: Distance(lowered, w.ToLowerInvariant())))
            .Where(c => c.Distance <= MaxDistance && c.Distance < typed.Length)
            .GroupBy(c => c.Distance).OrderBy(g => g.Key).FirstOrDefault()?.ToList();
        return nearest is [var only] ? only.Word : null;
    }

    /// <summary><c> (did you mean 'WORD'?)</c> for <see cref="Closest"/>, or "" when no word is close.</summary>
    public static string Hint(string typed, IEnumerable<string> known) =>
        Closest(typed, known) is { } word ? $" (did you mean '{word}'?)" : "";

    /// <summary>
    /// Damerau-Levenshtein distance in its optimal-string-alignment form: insertions, deletions, substitutions and
    /// swaps of two adjacent letters each cost 1.
    /// </summary>
    public static int Distance(string a, string b)
    {
        var width = b.Length + 1;
        var d = new int[(a.Length + 1) * width];
        for (var i = 0; i <= a.Length; i++) d[i * width] = i;
        for (var j = 0; j <= b.Length; j++) d[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                var best = Math.Min(Math.Min(d[(i - 1) * width + j] + 1, d[i * width + j - 1] + 1), d[(i - 1) * width + j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) best = Math.Min(best, d[(i - 2) * width + j - 2] + 1);
                d[i * width + j] = best;
            }
        }
        return d[a.Length * width + b.Length];
    }
}
