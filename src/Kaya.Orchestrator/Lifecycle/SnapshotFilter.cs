namespace Kaya.Orchestrator.Lifecycle;

/// <summary>
/// restic 0.14's filter for <c>latest</c> in ls and restore (<c>restic.FindLatestSnapshot</c>): <c>--host/-H</c>,
/// <c>--tag</c> and <c>--path</c>, each repeatable. A snapshot matches when its hostname is one of the hosts (or none
/// is given), it has every tag of at least one tag list (or none is given; the empty tag matches an untagged
/// snapshot), and every path given is one of its paths, compared as strings after restic makes each absolute
/// and clean. restic applies the filter to <c>latest</c> only: an explicit snapshot id ignores it.
/// </summary>
/// <param name="Hosts">the <c>--host</c> values, any of which matches</param>
/// <param name="TagLists">one list per <c>--tag</c> (its comma-separated tags, trimmed, all required); any list matches</param>
/// <param name="Paths">the <c>--path</c> values made absolute and clean, all required</param>
public sealed record SnapshotFilter(IReadOnlyList<string> Hosts, IReadOnlyList<IReadOnlyList<string>> TagLists, IReadOnlyList<string> Paths)
{
    /// <summary>The commands whose <c>latest</c> restic 0.14 filters (diff has none of these flags).</summary>
    public static readonly IReadOnlySet<string> Commands = new HashSet<string>(StringComparer.Ordinal) { "ls", "restore" };

    private static readonly HashSet<string> Flags = new(StringComparer.Ordinal) { "--host", "--tag", "--path" };

    public bool IsEmpty => Hosts.Count == 0 && TagLists.Count == 0 && Paths.Count == 0;

    /// <summary>The filter in <paramref name="args"/> (empty for a command restic does not filter).</summary>
    /// <param name="workingDirectory">where restic runs: a relative <c>--path</c> is taken from there, as restic does</param>
    public static SnapshotFilter Parse(string command, IReadOnlyList<string> args, string workingDirectory)
    {
        var hosts = new List<string>();
        var tags = new List<IReadOnlyList<string>>();
        var paths = new List<string>();
        if (!Commands.Contains(command)) return new(hosts, tags, paths);
        foreach (var token in ResticArguments.Scan(args))
        {
            if (token.Value is not { } value) continue;
            switch (token.Flag)
            {
                case "--host": hosts.Add(value); break;
                // restic's splitTagList: split at commas, trim spaces around each tag.
                case "--tag": tags.Add([.. value.Split(',').Select(t => t.Trim())]); break;
                // restic: filepath.Abs, then filepath.Clean (no trailing separator, '.' and '..' resolved).
                case "--path":
                    var full = Path.GetFullPath(value, workingDirectory);
                    paths.Add(full == "/" ? full : Path.TrimEndingDirectorySeparator(full));
                    break;
            }
        }
        return new(hosts, tags, paths);
    }

    /// <summary>Whether restic would count <paramref name="snapshot"/> among the candidates for <c>latest</c>.</summary>
    public bool Matches(ResticSnapshot snapshot) =>
        (Hosts.Count == 0 || Hosts.Contains(snapshot.Hostname, StringComparer.Ordinal))
        && (TagLists.Count == 0 || TagLists.Any(list => HasTags(snapshot.Tags ?? [], list)))
        && Paths.All(p => snapshot.Paths.Contains(p, StringComparer.Ordinal));

    // restic's Snapshot.HasTags, to the letter: an empty tag met on an untagged snapshot matches at once.
    private static bool HasTags(string[] tags, IReadOnlyList<string> required)
    {
        foreach (var tag in required)
        {
            if (tag.Length == 0 && tags.Length == 0) return true;
            if (!tags.Contains(tag, StringComparer.Ordinal)) return false;
        }
        return true;
    }

    /// <summary>The filter as flags, for messages (<c>--host www1 --tag a,b --path /etc</c>).</summary>
    public override string ToString() => string.Join(" ",
        Hosts.Select(h => $"--host {h}").Concat(TagLists.Select(t => $"--tag {string.Join(',', t)}")).Concat(Paths.Select(p => $"--path {p}")));

    /// <summary>
    /// <paramref name="args"/> without the filter's flags, once <c>latest</c> is an id: restic ignores them for an
    /// explicit id, and ls would say so in a warning that the user, who asked for latest, cannot make sense of. A
    /// <c>-H</c> inside a cluster of short flags (<c>-lH</c>) stays: restic reads it the same either way.
    /// </summary>
    public static IReadOnlyList<string> Without(IReadOnlyList<string> args)
    {
        var drop = new HashSet<int>();
        foreach (var token in ResticArguments.Scan(args))
        {
            if (token.Flag is not { } flag || !Flags.Contains(flag) || token.Value is null) continue;
            var word = args[token.Start];
            if (!word.StartsWith("--", StringComparison.Ordinal) && !word.StartsWith("-H", StringComparison.Ordinal)) continue;
            for (var i = token.Start; i < token.End; i++) drop.Add(i);
        }
        return [.. args.Where((_, i) => !drop.Contains(i))];
    }
}
