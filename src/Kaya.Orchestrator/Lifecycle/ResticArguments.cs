namespace Kaya.Orchestrator.Lifecycle;

/// <summary>
/// Reads a restic command line the way restic's flag parser (spf13/pflag) does, so Kaya finds the snapshot
/// arguments and the <c>latest</c> filters where restic would: <c>--flag=value</c>, <c>--flag value</c> (the next
/// word is the value whatever it looks like), short clusters (<c>-lH host</c>, <c>-Hhost</c>, <c>-H=host</c>), and
/// <c>--</c> ending the flags.
/// </summary>
public static class ResticArguments
{
    // restic 0.14's long flags of ls, restore and diff, and its global ones, that take a value
    // (from `restic help ls|restore|diff` and cmd/restic/global.go); every other flag takes none.
    private static readonly HashSet<string> LongValueFlags = new(StringComparer.Ordinal)
    {
        "--target", "--include", "--exclude", "--iinclude", "--iexclude", "--host", "--path", "--tag",
        "--cacert", "--cache-dir", "--compression", "--key-hint", "--limit-download", "--limit-upload", "--option",
        "--pack-size", "--password-file", "--password-command", "--repo", "--repository-file", "--tls-client-cert",
    };

    // The short forms among them: -t target, -i include, -e exclude, -H host, -o option, -p password-file, -r repo.
    private static readonly Dictionary<char, string> ShortValueFlags = new()
    {
        ['t'] = "--target", ['i'] = "--include", ['e'] = "--exclude", ['H'] = "--host", ['o'] = "--option", ['p'] = "--password-file", ['r'] = "--repo",
    };

    /// <summary>The words of <paramref name="args"/> as restic reads them, in order.</summary>
    public static IEnumerable<ResticToken> Scan(IReadOnlyList<string> args)
    {
        for (var i = 0; i < args.Count; i++)
        {
            var word = args[i];
            if (word == "--")
            {
                for (var j = i + 1; j < args.Count; j++) yield return new ResticToken(j, j + 1, null, args[j]);
                yield break;
            }
            if (word.Length < 2 || word[0] != '-')
            {
                yield return new ResticToken(i, i + 1, null, word);
                continue;
            }
            if (word[1] == '-')
            {
                var equals = word.IndexOf('=', StringComparison.Ordinal);
                if (equals >= 0) yield return new ResticToken(i, i + 1, word[..equals], word[(equals + 1)..]);
                else if (LongValueFlags.Contains(word) && i + 1 < args.Count) { yield return new ResticToken(i, i + 2, word, args[i + 1]); i++; }
                else yield return new ResticToken(i, i + 1, word, null);
                continue;
            }
            // A cluster of short flags: each letter a flag until one that takes a value, which takes the rest
            // of the word (after an optional '='), or the next word when the rest is empty.
            var taken = false;
            for (var c = 1; c < word.Length && !taken; c++)
            {
                if (!ShortValueFlags.TryGetValue(word[c], out var name))
                {
                    yield return new ResticToken(i, i + 1, "-" + word[c], null);
                    continue;
                }
                taken = true;
                var rest = word[(c + 1)..];
                if (rest.Length > 0) yield return new ResticToken(i, i + 1, name, rest.StartsWith('=') ? rest[1..] : rest);
                else if (i + 1 < args.Count) { yield return new ResticToken(i, i + 2, name, args[i + 1]); i++; }
                else yield return new ResticToken(i, i + 1, name, null);
            }
        }
    }
}

/// <summary>One positional argument or one flag of a restic command line.</summary>
/// <param name="Start">the index of its first word</param>
/// <param name="End">the index after its last word (a flag and its value in the next word span two)</param>
/// <param name="Flag">the flag's long name (<c>-H</c> is <c>--host</c>); a short flag without a value keeps its own name; null for a positional argument</param>
/// <param name="Value">the flag's value, or the positional argument itself; null for a flag without a value</param>
public readonly record struct ResticToken(int Start, int End, string? Flag, string? Value)
{
    public bool IsPositional => Flag is null;
}
