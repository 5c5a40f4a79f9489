using Kaya.Orchestrator.History;
using Kaya.Orchestrator.Runs;
using Kaya.Storage.S3;

namespace Kaya.Orchestrator.Lifecycle;

/// <summary>
/// <c>kaya HOST forget</c>: restic's keep rules applied to arrival times. Lists the snapshots with the
/// backup host's restic, joins them with the ledger (writing legacy mtimes into it on first sight), prints
/// the selection, then under the host lock runs <c>restic forget ID...</c> on exactly the ids selected and,
/// with <see cref="ForgetRequest.Prune"/>, <c>restic prune</c>.
/// </summary>
public static class ArrivalForget
{
    /// <summary>Runs the forget; the table and restic's own lines go to <paramref name="output"/>.</summary>
    /// <exception cref="IOException">the ledger or the repository folder cannot be read or written</exception>
    public static async Task<ForgetResult> RunAsync(ForgetRequest request, IBackupOutput output, CancellationToken cancellationToken)
    {
        var repository = request.Repository;
        var listing = await ListAsync(repository, request.ResticPath, cancellationToken).ConfigureAwait(false);
        if (listing.Failure is not null) return new(listing.ExitCode, listing.Failure, null, []);
        var arrivals = await LoadArrivalsAsync(repository, listing.Snapshots, write: !request.DryRun, output, cancellationToken, request.History).ConfigureAwait(false);

        var plan = ArrivalRetention.Plan(arrivals.Snapshots, request.Policy, request.Zone, request.Time.GetUtcNow(), request.Force);
        foreach (var line in RetentionTable.Format(plan, request.Zone, request.SkewAlarm).TrimEnd('\n').Split('\n')) output.Out(line);
        if (plan.Refusal is { } refusal) return new(ExitCodes.Usage, $"{request.Host}: arrival-based retention refused: {refusal}", plan, []);
        output.Out($"{plan.IdsToRemove.Count} of {plan.Decisions.Count} snapshots to remove ({request.Policy}){(request.DryRun ? ", dry run: nothing changed" : "")}");
        if (request.DryRun) return new(ExitCodes.Success, null, plan, []);
        if (plan.IdsToRemove.Count == 0 && !request.Prune) return new(ExitCodes.Success, null, plan, []);

        HostLock? hostLock = null;
        try { if (!request.HostLockHeld) hostLock = HostLock.Acquire(request.BackupRoot, request.Host); }
        catch (HostBusyException e) { return new(ExitCodes.HostBusy, e.Message, plan, []); }
        using (hostLock)
        {
            var locks = ResticLocks(repository);
            foreach (var id in locks)
                output.Error($"kaya: {request.Host}: lock {id} is in {Path.Combine(repository.Folder, "locks")}; kaya never removes a lock it did not create. " +
                    $"If no restic is working on this repository, remove it with 'kaya {request.Host} unlock'.");
            var program = listing.Program!;
            if (plan.IdsToRemove.Count > 0)
            {
                var code = await ResticPassthrough.RunProcessAsync(program, ResticPassthrough.Arguments(repository, "forget", plan.IdsToRemove), output, cancellationToken).ConfigureAwait(false);
                if (code != 0) return new(code, $"{request.Host}: restic forget exited {code}", plan, locks);
            }
            if (request.Prune)
            {
                var code = await ResticPassthrough.RunProcessAsync(program, ResticPassthrough.Arguments(repository, "prune", []), output, cancellationToken).ConfigureAwait(false);
                if (code != 0) return new(code, $"{request.Host}: restic prune exited {code}", plan, locks);
            }
            return new(ExitCodes.Success, null, plan, locks);
        }
    }

    /// <summary>
    /// The repository's snapshots with their arrival times, as <c>snapshots --arrival</c> shows them. With
    /// <paramref name="write"/>, mtime-dated arrivals the ledger lacks are appended to it, so they survive a copy,
    /// and every mtime-dated arrival is recorded in <paramref name="history"/>'s ledger table (a snapshot with a row
    /// keeps it), so the table and the ledger file tell the same times. A repository in a bucket has no mtimes: its
    /// arrivals come from the history's ledger table (<see cref="RepositoryArrivals"/>).
    /// </summary>
    /// <param name="history">the history database; null: none (<c>kaya serve</c>, a dry run), or for a bucket the one at <see cref="ResticRepository.HistoryDb"/></param>
    /// <exception cref="IOException">the ledger cannot be read or written, or the history failed (a <see cref="HistoryException"/> inside)</exception>
    public static async Task<RepositoryArrivalsResult> LoadArrivalsAsync(ResticRepository repository, IReadOnlyList<ResticSnapshot> snapshots, bool write, IBackupOutput output,
        CancellationToken cancellationToken, HistoryStore? history = null)
    {
        var arrivals = await RepositoryArrivals.LoadAsync(repository, snapshots, cancellationToken, history).ConfigureAwait(false);
        foreach (var problem in arrivals.LedgerProblems) output.Error($"kaya: {problem}");
        var where = repository.InBucket ? "no ledger line, no row in the history's ledger table" : "no ledger line, no snapshot file";
        foreach (var id in arrivals.Unknown) output.Error($"kaya: snapshot {id[..8]} has no arrival time ({where}): it is kept");
        if (!write) return arrivals;
        var ledger = Path.Combine(repository.Folder, LedgerFile.FileName);
        foreach (var record in arrivals.NewLegacyRecords) await LedgerFile.AppendAsync(ledger, record, cancellationToken).ConfigureAwait(false);
        // Also the mtimes an earlier kaya wrote into the file alone: the table learns them on the next forget.
        try { if (history is not null) await history.RecordArrivalsAsync(arrivals.LegacyRecords, cancellationToken).ConfigureAwait(false); }
        catch (HistoryException e) { throw new IOException($"cannot record the legacy arrival times in the history: {e.Message}", e); }
        return arrivals;
    }

    /// <summary>
    /// <c>restic snapshots --json</c> on the host's repository with its kept password; a failure says why
    /// (restic not installed, no password file, restic's own error).
    /// </summary>
    public static async Task<SnapshotListing> ListAsync(ResticRepository repository, string? resticPath, CancellationToken cancellationToken)
    {
        var program = resticPath ?? ResticPassthrough.FindOnPath("restic");
        if (program is null || !File.Exists(program))
            return new(ResticPassthrough.NotInstalledExitCode, "restic is not installed on this backup host, and retention runs it here: apt-get install restic", [], null);
        if (ResticPassthrough.MissingPassword(repository) is { } missing) return new(ExitCodes.Config, missing, [], null);
        var captured = new CapturedOutput();
        var code = await ResticPassthrough.RunProcessAsync(program, ResticPassthrough.Arguments(repository, "snapshots", ["--json"]), captured, cancellationToken).ConfigureAwait(false);
        if (code != 0) return new(code, $"{repository.Host}: restic snapshots exited {code}: {string.Join(" ", captured.Errors)}", [], program);
        return new(0, null, ResticSnapshot.ParseList(string.Join('\n', captured.Lines)), program);
    }

    /// <summary>
    /// The lock objects in the repository's locks/ folder, by name; none for a repository in a bucket, whose locks
    /// are not looked for (the report is advice only: restic forget itself waits for, or refuses, a held lock).
    /// </summary>
    public static IReadOnlyList<string> ResticLocks(ResticRepository repository)
    {
        if (repository.InBucket) return [];
        var folder = Path.Combine(repository.Folder, "locks");
        return Directory.Exists(folder) ? [.. Directory.EnumerateFiles(folder).Select(Path.GetFileName).Where(n => n is not null && !n.StartsWith('.')).Order(StringComparer.Ordinal)!] : [];
    }

    private sealed class CapturedOutput : IBackupOutput
    {
        public List<string> Lines { get; } = [];
        public List<string> Errors { get; } = [];
        public void Out(string line) { lock (Lines) Lines.Add(line); }
        public void Error(string line) { lock (Errors) Errors.Add(line); }
    }
}

/// <summary>What <c>kaya HOST forget</c> should do.</summary>
public sealed record ForgetRequest
{
    /// <summary>backup_root from kaya.conf.</summary>
    public required string BackupRoot { get; init; }
    public required string Host { get; init; }

    /// <summary>kaya.conf's storage= when repositories live in a bucket; null: under backup_root.</summary>
    public S3StoreOptions? Storage { get; init; }

    /// <summary>kaya.conf's history_db: where a bucket's arrivals are read when <see cref="History"/> is null (a dry run).</summary>
    public string? HistoryDb { get; init; }

    /// <summary>The repository restic opens.</summary>
    public ResticRepository Repository => new(BackupRoot, Host) { Storage = Storage, HistoryDb = HistoryDb };
    public required KeepPolicy Policy { get; init; }

    /// <summary>Run <c>restic prune</c> after the forget.</summary>
    public bool Prune { get; init; }

    /// <summary>Print the selection and change nothing: neither the repository nor the ledger.</summary>
    public bool DryRun { get; init; }

    /// <summary>Apply the rules although most mtime-dated snapshots share one arrival minute.</summary>
    public bool Force { get; init; }

    /// <summary>kaya.conf's <c>clock_skew_alarm</c>; default <see cref="ArrivalRetention.DefaultClockSkewAlarm"/>.</summary>
    public TimeSpan SkewAlarm { get; init; } = ArrivalRetention.DefaultClockSkewAlarm;

    /// <summary>Buckets follow the backup host's wall clock.</summary>
    public TimeZoneInfo Zone { get; init; } = TimeZoneInfo.Local;

    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>The caller holds the host lock already (the daemon's scheduler, which takes it before it starts); false: the forget takes it.</summary>
    public bool HostLockHeld { get; init; }

    /// <summary>The restic program; default: <c>restic</c> on PATH.</summary>
    public string? ResticPath { get; init; }

    /// <summary>The history database, whose ledger table learns the legacy (mtime) arrivals as the ledger file does; null: the file alone.</summary>
    public HistoryStore? History { get; init; }
}

/// <param name="ExitCode">0, restic's code when restic failed, or Kaya's (<see cref="ExitCodes"/>)</param>
/// <param name="Failure">why it failed, for the user; null on success</param>
/// <param name="Plan">the selection, once it was made</param>
/// <param name="Locks">lock objects found in locks/ under the host lock (reported, never removed)</param>
public sealed record ForgetResult(int ExitCode, string? Failure, RetentionPlan? Plan, IReadOnlyList<string> Locks);

/// <param name="Program">the restic found; null when it was not</param>
public sealed record SnapshotListing(int ExitCode, string? Failure, IReadOnlyList<ResticSnapshot> Snapshots, string? Program);
