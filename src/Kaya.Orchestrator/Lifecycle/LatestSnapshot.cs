namespace Kaya.Orchestrator.Lifecycle;

/// <summary>
/// Kaya's <c>latest</c> (issue 10): the snapshot that arrived last on the backup host, not restic's newest client
/// time, which a compromised target can forge. The word is replaced by that snapshot's id before restic runs,
/// and a snapshot to be restored whose client time and arrival differ by more than <c>clock_skew_alarm</c> is
/// named in a warning first.
/// </summary>
public static class LatestSnapshot
{
    /// <summary>restic's word for its newest snapshot.</summary>
    public const string Word = "latest";

    /// <summary>The commands whose snapshot arguments Kaya resolves, with how many leading positional arguments are snapshots.</summary>
    public static readonly IReadOnlyDictionary<string, int> SnapshotArguments = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        ["ls"] = 1, ["restore"] = 1, ["diff"] = 2,
    };

    /// <summary>The snapshot that arrived last; null when none has an arrival. Of two that arrived at the same instant, the greater id (any fixed order will do).</summary>
    public static SnapshotArrival? LastArrived(IEnumerable<SnapshotArrival> snapshots) =>
        snapshots.OrderByDescending(s => s.Arrival).ThenByDescending(s => s.Id, StringComparer.Ordinal).FirstOrDefault();

    /// <summary>The indexes in <paramref name="args"/> of <paramref name="command"/>'s snapshot arguments (none for other commands): its first positional arguments, never a flag's value.</summary>
    public static IReadOnlyList<int> SnapshotIndexes(string command, IReadOnlyList<string> args) =>
        SnapshotArguments.TryGetValue(command, out var count)
            ? [.. ResticArguments.Scan(args).Where(t => t.IsPositional).Take(count).Select(t => t.Start)]
            : [];

    /// <summary>Whether a snapshot argument names restic's latest (<c>latest</c>, or <c>latest:PATH</c> for diff).</summary>
    public static bool IsLatest(string argument) => argument == Word || argument.StartsWith(Word + ":", StringComparison.Ordinal);

    /// <summary>The argument with <c>latest</c> replaced by <paramref name="id"/>, a <c>:PATH</c> suffix kept.</summary>
    public static string Replace(string argument, string id) => IsLatest(argument) ? id + argument[Word.Length..] : argument;

    /// <summary>The snapshot an argument names (an id or a prefix of one, before any <c>:PATH</c>); null when none or several match.</summary>
    public static SnapshotArrival? Named(IEnumerable<SnapshotArrival> snapshots, string argument)
    {
        var prefix = argument.Split(':', 2)[0];
        if (prefix.Length == 0) return null;
        var matches = snapshots.Where(s => s.Id.StartsWith(prefix, StringComparison.Ordinal)).Take(2).ToList();
        return matches.Count == 1 ? matches[0] : null;
    }

    /// <summary>The warning naming a snapshot whose client time and arrival differ by more than <paramref name="alarm"/>; null when they do not.</summary>
    public static string? SkewWarning(string host, SnapshotArrival snapshot, TimeSpan alarm) =>
        ArrivalRetention.IsSkewed(snapshot, alarm)
            ? $"warning: {host}: snapshot {snapshot.ShortId} claims {snapshot.ClientTime.UtcDateTime:yyyy-MM-dd HH:mm} UTC but arrived {snapshot.Arrival.UtcDateTime:yyyy-MM-dd HH:mm} UTC " +
              $"(more than clock_skew_alarm {Config.ConfigValues.Format(alarm)} apart): its target's clock was wrong, or the target was compromised and forged it; check it before you rely on it ('kaya {host} snapshots --arrival')"
            : null;

    /// <summary>Whether a command's arguments need the snapshot list: any <c>latest</c>, and every restore (to name flagged snapshots).</summary>
    public static bool Applies(string command, IReadOnlyList<string> args) =>
        command == "restore" || SnapshotIndexes(command, args).Any(i => IsLatest(args[i]));

    /// <summary>
    /// <see cref="Resolve"/> with the snapshots listed by the backup host's restic (<c>restic snapshots --json</c>, kept
    /// password) and joined with the ledger (read only: nothing is written), or for a bucket with the history's ledger table.
    /// </summary>
    /// <param name="history">the open history, for a repository in a bucket; null: opened from <see cref="ResticRepository.HistoryDb"/></param>
    /// <param name="resticPath">the restic program found on the backup host</param>
    /// <exception cref="IOException">the ledger or the snapshots/ folder cannot be read</exception>
    public static async Task<LatestResolution> ResolveAsync(ResticRepository repository, string command, IReadOnlyList<string> args, TimeSpan alarm, string resticPath,
        CancellationToken cancellationToken, History.HistoryStore? history = null)
    {
        var listing = await ArrivalForget.ListAsync(repository, resticPath, cancellationToken).ConfigureAwait(false);
        if (listing.Failure is { } failure) return new(args, [], failure, listing.ExitCode);
        var arrivals = await RepositoryArrivals.LoadAsync(repository, listing.Snapshots, cancellationToken, history).ConfigureAwait(false);
        return Resolve(repository.Host, command, args, arrivals.Snapshots, alarm, warn: command == "restore", Environment.CurrentDirectory);
    }

    /// <summary>
    /// <paramref name="args"/> with each snapshot argument that says <c>latest</c> replaced by the id of the snapshot that
    /// arrived last among those restic's filters (<c>--host</c>, <c>--tag</c>, <c>--path</c>: <see cref="SnapshotFilter"/>)
    /// let through, the filters then dropped (restic ignores them for an id); a note saying which it is, and (with
    /// <paramref name="warn"/>, before a restore) a warning for each flagged snapshot the arguments name. A failure
    /// when <c>latest</c> is asked for and no matching snapshot has an arrival.
    /// </summary>
    /// <param name="workingDirectory">where restic will run: a relative <c>--path</c> is taken from there, as restic does</param>
    public static LatestResolution Resolve(string host, string command, IReadOnlyList<string> args, IReadOnlyList<SnapshotArrival> snapshots, TimeSpan alarm, bool warn,
        string workingDirectory = "/")
    {
        var resolved = args.ToArray();
        var notes = new List<string>();
        var filter = SnapshotFilter.Parse(command, args, workingDirectory);
        var candidates = filter.IsEmpty ? snapshots : [.. snapshots.Where(s => s.Listed is { } listed && filter.Matches(listed))];
        var last = LastArrived(candidates);
        var replaced = false;
        foreach (var i in SnapshotIndexes(command, args))
        {
            SnapshotArrival? chosen;
            if (IsLatest(args[i]))
            {
                if (last is null) return new(args, notes, NoLatest(host, filter, snapshots), ExitCodes.Failure);
                resolved[i] = Replace(args[i], last.Id);
                chosen = last;
                replaced = true;
                notes.Add($"{host}: latest is snapshot {last.ShortId}, the last to arrive{(filter.IsEmpty ? "" : $" of those matching {filter}")} ({last.Arrival.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC)");
            }
            else chosen = Named(snapshots, args[i]);
            if (warn && chosen is not null && SkewWarning(host, chosen, alarm) is { } warning) notes.Add(warning);
        }
        return new(replaced && !filter.IsEmpty ? SnapshotFilter.Without(resolved) : resolved, notes, null);
    }

    private static string NoLatest(string host, SnapshotFilter filter, IReadOnlyList<SnapshotArrival> snapshots) =>
        filter.IsEmpty
            ? $"{host}: no snapshot has a known arrival time, so kaya cannot tell which arrived last: name a snapshot id ('kaya {host} snapshots')"
            : snapshots.Count == 0
                ? $"{host}: no snapshot has a known arrival time, so kaya cannot tell which of those matching {filter} arrived last: name a snapshot id ('kaya {host} snapshots')"
                : $"{host}: no snapshot with a known arrival time matches {filter} (restic compares hosts, tags and absolute paths exactly): " +
                  $"see which do with 'kaya {host} snapshots -- {filter}', or name a snapshot id";
}

/// <param name="Args">the arguments for restic, <c>latest</c> replaced</param>
/// <param name="Notes">lines for stderr before restic runs: which snapshot latest is, warnings for flagged ones</param>
/// <param name="Failure">why latest could not be resolved; null when it was (or was not asked for)</param>
/// <param name="ExitCode">what to exit with on a failure: restic's code when listing failed, else 1</param>
public sealed record LatestResolution(IReadOnlyList<string> Args, IReadOnlyList<string> Notes, string? Failure, int ExitCode = ExitCodes.Success);
