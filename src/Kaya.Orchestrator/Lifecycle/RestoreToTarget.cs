using Kaya.Orchestrator.Config;
using Kaya.Orchestrator.Fleet;
using Kaya.Orchestrator.History;
using Kaya.Orchestrator.Runs;
using Kaya.Orchestrator.Transport;
using Microsoft.Extensions.Logging;

namespace Kaya.Orchestrator.Lifecycle;

/// <summary>
/// <c>kaya HOST restore-to-target SNAPSHOT[:PATH] --target DIR [--include PATTERN ...]</c>: <c>latest</c> resolved to
/// the snapshot that arrived last, a flagged snapshot named in a warning, then a <see cref="RestoreRun"/> on the
/// target, recorded in the history as a run of kind <c>restore</c>.
/// </summary>
public static class RestoreToTarget
{
    /// <summary>Splits SNAPSHOT[:PATH]; restic 0.14 has no ID:PATH form, so PATH becomes an <c>--include</c>.</summary>
    public static (string Snapshot, string? Path) Split(string argument)
    {
        var colon = argument.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? (argument, null) : (argument[..colon], argument[(colon + 1)..] is { Length: > 0 } path ? path : null);
    }

    /// <summary>Resolves the snapshot, runs the restore and records it; notes and restic's lines go to <paramref name="output"/>.</summary>
    /// <param name="resticPath">the backup host's restic, used only to list snapshots when it is installed; default: <c>restic</c> on PATH</param>
    /// <exception cref="HistoryException">the history could not be written</exception>
    public static async Task<RestoreResult> RunAsync(KayaConfig config, HostConfig host, RestoreRequest request, HistoryStore history, IBackupOutput output,
        ILoggerFactory loggerFactory, TimeProvider time, CancellationToken cancellationToken, string? resticPath = null)
    {
        var settings = host.ApplyTo(config);
        var resolved = await ResolveAsync(settings, request, history, resticPath, output, cancellationToken);
        if (resolved.Failure is { } failure)
            return new RestoreResult { Host = request.Host, Outcome = BackupOutcome.ResticFailed, Started = time.GetUtcNow(), Duration = TimeSpan.Zero, ExitCode = resolved.ExitCode, SnapshotId = request.Snapshot, Failure = failure };
        request = request with { Config = settings, Snapshot = resolved.Args[0] };

        var transportName = settings.SshTransport == SshTransportKind.SshNet ? "sshnet" : "openssh";
        var started = time.GetUtcNow();
        var id = await history.BeginAsync(request.Host, RunTrigger.Cli, started, transportName, cancellationToken, RunKind.Restore);
        var log = new OutputLog(output);
        // A cancelled run ends as an interrupted result, never by throwing: its row is always finished.
        var result = await new RestoreRun(SshTransports.For(settings.SshTransport, loggerFactory, time), log, loggerFactory, time).RunAsync(request, cancellationToken);
        await history.CompleteAsync(id, new RunRecord
        {
            Host = request.Host, Trigger = RunTrigger.Cli, Kind = RunKind.Restore, Started = started, Ended = started + result.Duration, Duration = result.Duration,
            Outcome = RunOutcomes.From(result.Outcome), KayaExitCode = result.ExitCode, ResticExitCode = result.ResticExitCode, Reason = result.Failure,
            SnapshotId = result.SnapshotId, Transport = transportName, Log = log.Text,
        }, CancellationToken.None);
        return result;
    }

    /// <summary>
    /// The snapshot to restore. With restic on the backup host: the full resolution (client times, warnings). Without
    /// it (a restore-to-target needs none): <c>latest</c> from the ledger and the snapshot files alone, and a note that
    /// client times could not be checked.
    /// </summary>
    private static async Task<LatestResolution> ResolveAsync(KayaConfig config, RestoreRequest request, HistoryStore history, string? resticPath, IBackupOutput output,
        CancellationToken cancellationToken)
    {
        string[] args = [request.Snapshot];
        var program = resticPath ?? ResticPassthrough.FindOnPath("restic");
        var repository = ResticRepository.For(config, request.Host);
        LatestResolution resolution;
        try
        {
            resolution = program is not null && File.Exists(program)
                ? await LatestSnapshot.ResolveAsync(repository, "restore", args, config.ClockSkewAlarm, program, cancellationToken, history)
                : await ResolveFromLedgerAsync(repository, request.Snapshot, cancellationToken);
        }
        catch (IOException e)
        {
            return new(args, [], $"{request.Host}: cannot read the arrival times: {e.Message}", ExitCodes.Failure);
        }
        foreach (var note in resolution.Notes) output.Error($"kaya: {note}");
        return resolution;
    }

    private static async Task<LatestResolution> ResolveFromLedgerAsync(ResticRepository repository, string snapshot, CancellationToken cancellationToken)
    {
        const string Unchecked = "restic is not installed on this backup host, so the snapshot's client time was not checked against its arrival (apt-get install restic to have it checked)";
        var host = repository.Host;
        if (!LatestSnapshot.IsLatest(snapshot)) return new([snapshot], [$"{host}: {Unchecked}"], null);
        // Without restic, only snapshot files tell which snapshots are still there; a bucket's are not read here.
        if (repository.InBucket)
            return new([snapshot], [], $"{host}: restic is not installed on this backup host, and for a repository in a bucket kaya needs it to tell which snapshot arrived last: " +
                "apt-get install restic, or name a snapshot id", ExitCodes.Failure);
        var folder = repository.Folder;
        var ledger = await LedgerFile.ReadAsync(Path.Combine(folder, LedgerFile.FileName), cancellationToken);
        var present = LegacyArrivals.Read(folder);
        var stored = present.Select(r => r.SnapshotId).ToHashSet(StringComparer.Ordinal);
        // Forgotten snapshots stay in the ledger: only those whose file is still there count.
        var last = ArrivalTimes.Resolve(ledger.Records.Concat(present)).Values.Where(r => stored.Contains(r.SnapshotId))
            .OrderByDescending(r => r.Arrival).ThenByDescending(r => r.SnapshotId, StringComparer.Ordinal).FirstOrDefault();
        if (last is null)
            return new([snapshot], [], $"{host}: no snapshot file in {Path.Combine(folder, "snapshots")}, so kaya cannot tell which arrived last: name a snapshot id", ExitCodes.Failure);
        return new([last.SnapshotId], [$"{host}: latest is snapshot {last.SnapshotId[..8]}, the last to arrive ({last.Arrival.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC)", $"{host}: {Unchecked}"], null);
    }
}
