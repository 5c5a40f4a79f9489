using Kaya.Orchestrator.Config;
using Kaya.Orchestrator.History;
using Kaya.Orchestrator.Lifecycle;
using Kaya.Orchestrator.Logging;
using Kaya.Orchestrator.Runs;
using Microsoft.Extensions.Logging;

namespace Kaya.Orchestrator.Fleet;

/// <summary>
/// The daemon's scrubs (scrub_interval) and forgets (forget_interval), one job at a time across the fleet, each under
/// the host lock the backups take, so none runs beside a backup of its host (in this process or another). Due-ness
/// comes from the history (<see cref="MaintenanceDue"/>); results are recorded there as <c>kaya scrub</c> and
/// <c>kaya HOST forget</c> record theirs. Nothing starts while backup_window is open, and a scrub stops when it
/// opens or when the daemon starts a backup of its host (<see cref="IBackupGate"/>); it resumes later from its cursor.
/// </summary>
public sealed partial class MaintenanceScheduler(HistoryStore history, Func<KayaConfig> config, Func<IReadOnlyList<HostConfig>> hosts, ILogger logger, TimeProvider time)
    : IBackupGate
{
    /// <summary>How often due-ness is checked when nothing is due: once a minute, as the backups' (<see cref="FleetDaemon.WakeInterval"/>).</summary>
    public static readonly TimeSpan WakeInterval = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The longest wait before a failed job is tried again (never longer than its interval): 6 h, so a lasting fault
    /// (restic missing, a refused selection) fills the history with four rows a day, not one a minute.
    /// </summary>
    public static readonly TimeSpan FailureRetry = TimeSpan.FromHours(6);

    /// <summary>The scrub of one host's repository (its folder, or its prefix in the bucket); a seam for tests.</summary>
    public delegate Task<ScrubResult> ScrubAction(ResticRepository repository, ScrubOptions options, CancellationToken cancellationToken);

    /// <summary>Default <see cref="Scrubber.ScrubAsync(ResticRepository, ScrubOptions, CancellationToken)"/>.</summary>
    public ScrubAction Scrub { get; init; } = Scrubber.ScrubAsync;

    /// <summary>Default <see cref="ArrivalForget.RunAsync"/>.</summary>
    public RecordedForget.Forget Forget { get; init; } = ArrivalForget.RunAsync;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, int> _claims = new(StringComparer.Ordinal);
    private readonly Dictionary<(MaintenanceKind, string), DateTimeOffset> _retryAfter = [];
    private Running? _current;

    private sealed record Running(MaintenanceJob Job, CancellationTokenSource Yield, Task Done);

    /// <summary>Runs due jobs until <paramref name="stopping"/> is cancelled; a job in progress is interrupted then (a scrub is recorded as interrupted).</summary>
    public async Task RunAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            bool ran;
            try { ran = await RunNextAsync(stopping); }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested) { break; }
            catch (HistoryException e)
            {
                LogFailed(logger, "maintenance", e.Message);
                ran = false;
            }
            if (ran) continue;
            try { await Task.Delay(WakeInterval, time, stopping); }
            catch (OperationCanceledException) { break; }
        }
    }

    /// <summary>The jobs due now, in order (see <see cref="MaintenanceDue"/>), leaving out claimed hosts and jobs waiting after a failure.</summary>
    /// <exception cref="HistoryException">the history cannot be read</exception>
    public async Task<IReadOnlyList<MaintenanceJob>> DueAsync(CancellationToken cancellationToken)
    {
        var settings = config();
        if (settings.ScrubInterval is null && settings.ForgetInterval is null) return [];
        var scrubs = (await history.GetLastCompletedScrubsAsync(cancellationToken)).ToDictionary(s => s.Host, s => s.Finished, StringComparer.Ordinal);
        var forgets = (await history.GetLastSucceededForgetsAsync(cancellationToken)).ToDictionary(f => f.Host, f => f.Ended, StringComparer.Ordinal);
        var now = time.GetUtcNow();
        lock (_gate)
        {
            return MaintenanceDue.Compute(settings, hosts(), scrubs, forgets, now, time.LocalTimeZone,
                j => _claims.ContainsKey(j.Host.Name) || (_retryAfter.TryGetValue((j.Kind, j.Host.Name), out var after) && now < after));
        }
    }

    /// <summary>
    /// Runs the first due job whose host lock is free, to its end; false when there was none. Hosts whose lock is held
    /// (a backup runs) are passed over and stay due.
    /// </summary>
    /// <exception cref="HistoryException">the history cannot be read</exception>
    /// <exception cref="OperationCanceledException"><paramref name="stopping"/> was cancelled</exception>
    public async Task<bool> RunNextAsync(CancellationToken stopping)
    {
        var settings = config();
        foreach (var job in await DueAsync(stopping))
        {
            HostLock hostLock;
            try { hostLock = HostLock.Acquire(settings.BackupRoot, job.Host.Name); }
            catch (HostBusyException) { continue; }
            catch (StorageException e)
            {
                Failed(job, settings, e.Message);
                continue;
            }
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            // Not disposed: a claim may cancel it just after the job ended, and a source without a timer holds nothing.
            var yield = new CancellationTokenSource();
            lock (_gate)
            {
                // A backup claimed the host after the list was made: it goes first.
                if (_claims.ContainsKey(job.Host.Name))
                {
                    hostLock.Dispose();
                    continue;
                }
                _current = new Running(job, yield, done.Task);
            }
            try
            {
                LogStarting(logger, job.ToString());
                if (job.Kind == MaintenanceKind.Scrub) await ScrubAsync(job, settings, yield.Token, stopping);
                else await ForgetAsync(job, settings, stopping);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The daemon outlives any one job: a history fault or a bug is logged and the job waits, as after a failure.
                Failed(job, settings, e.Message);
            }
            finally
            {
                // The lock is free before a waiting backup hears that the job is done.
                hostLock.Dispose();
                lock (_gate) _current = null;
                done.SetResult();
            }
            return true;
        }
        return false;
    }

    public bool MayStart(string host)
    {
        lock (_gate) return _current is not { Job.Kind: MaintenanceKind.Forget } running || running.Job.Host.Name != host;
    }

    public async Task<IDisposable> ClaimAsync(string host, CancellationToken cancellationToken)
    {
        Running? running;
        lock (_gate)
        {
            _claims[host] = _claims.GetValueOrDefault(host) + 1;
            running = _current is { } c && c.Job.Host.Name == host ? c : null;
        }
        var claim = new Claim(this, host);
        if (running is null) return claim;
        try
        {
            if (running.Job.Kind == MaintenanceKind.Scrub)
            {
                LogYielding(logger, host);
                await running.Yield.CancelAsync();
            }
            await running.Done.WaitAsync(cancellationToken);
            return claim;
        }
        catch
        {
            claim.Dispose();
            throw;
        }
    }

    private sealed class Claim(MaintenanceScheduler owner, string host) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
            lock (owner._gate)
            {
                if (--owner._claims[host] == 0) owner._claims.Remove(host);
            }
        }
    }

    private async Task ScrubAsync(MaintenanceJob job, KayaConfig settings, CancellationToken yield, CancellationToken stopping)
    {
        // The scrub stops when backup_window opens, so the night's backups have the disk.
        var untilWindow = settings.BackupWindow?.NextOpening(time.GetUtcNow(), time.LocalTimeZone) - time.GetUtcNow();
        using var window = new CancellationTokenSource(untilWindow is { } wait && wait > TimeSpan.Zero ? wait : Timeout.InfiniteTimeSpan, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(yield, stopping, window.Token);
        var repository = ResticRepository.For(settings, job.Host.Name);
        ScrubResult result;
        try { result = await Scrub(repository, new ScrubOptions { RateBytesPerSecond = settings.ScrubRate, Time = time }, linked.Token); }
        catch (IOException e)
        {
            Failed(job, settings, $"cannot scrub {repository}: {e.Message}");
            return;
        }
        await history.RecordScrubAsync(ScrubRecord.From(job.Host.Name, result), CancellationToken.None);
        LogScrubEnded(logger, job.Host.Name, !result.Completed ? $"interrupted; resumes after {result.ResumeAfter}" : result.IsClean ? "clean" : $"{result.Findings.Count} problems ({result.CorruptObjects} corrupt)");
        stopping.ThrowIfCancellationRequested();
    }

    private async Task ForgetAsync(MaintenanceJob job, KayaConfig settings, CancellationToken stopping)
    {
        var request = new ForgetRequest
        {
            BackupRoot = settings.BackupRoot,
            Host = job.Host.Name,
            Storage = settings.Storage,
            HistoryDb = settings.HistoryDb,
            Policy = job.Policy!,
            Prune = settings.ForgetPrune,
            SkewAlarm = settings.ClockSkewAlarm,
            Zone = time.LocalTimeZone,
            Time = time,
            HostLockHeld = true,
        };
        ForgetResult result;
        try { result = await RecordedForget.RunAsync(request, history, RunTrigger.Daemon, new LogOutput(logger, job.Host.Name), stopping, Forget); }
        catch (IOException e)
        {
            Failed(job, settings, e.Message);
            return;
        }
        if (result.Failure is { } failure) Failed(job, settings, failure);
        else LogForgetEnded(logger, job.Host.Name, result.Plan?.IdsToRemove.Count ?? 0, result.Plan?.Decisions.Count ?? 0, request.Prune ? ", pruned" : "");
    }

    private void Failed(MaintenanceJob job, KayaConfig settings, string reason)
    {
        var every = (job.Kind == MaintenanceKind.Scrub ? settings.ScrubInterval : settings.ForgetInterval) ?? FailureRetry;
        lock (_gate) _retryAfter[(job.Kind, job.Host.Name)] = time.GetUtcNow() + (every < FailureRetry ? every : FailureRetry);
        LogFailed(logger, job.ToString(), reason);
    }

    /// <summary>restic's lines of a scheduled forget go to the log: its table at debug, its errors as warnings.</summary>
    private sealed partial class LogOutput(ILogger logger, string host) : IBackupOutput
    {
        public void Out(string line) => LogLine(logger, host, line);
        public void Error(string line) => LogError(logger, host, line);

        [LoggerMessage(EventId = EventIds.MaintenanceOutput, Level = LogLevel.Debug, Message = "{Host}: {Line}")]
        private static partial void LogLine(ILogger logger, string host, string line);

        [LoggerMessage(EventId = EventIds.MaintenanceOutput, Level = LogLevel.Warning, Message = "{Host}: {Line}")]
        private static partial void LogError(ILogger logger, string host, string line);
    }

    [LoggerMessage(EventId = EventIds.MaintenanceStarting, Level = LogLevel.Information, Message = "Starting {Job}")]
    private static partial void LogStarting(ILogger logger, string job);

    [LoggerMessage(EventId = EventIds.ScrubEnded, Level = LogLevel.Information, Message = "{Host}: scrub {Result}")]
    private static partial void LogScrubEnded(ILogger logger, string host, string result);

    [LoggerMessage(EventId = EventIds.ForgetEnded, Level = LogLevel.Information, Message = "{Host}: forget removed {Removed} of {Total} snapshots{Pruned}")]
    private static partial void LogForgetEnded(ILogger logger, string host, int removed, int total, string pruned);

    [LoggerMessage(EventId = EventIds.MaintenanceFailed, Level = LogLevel.Warning, Message = "{Job} failed: {Reason}; tried again later")]
    private static partial void LogFailed(ILogger logger, string job, string reason);

    [LoggerMessage(EventId = EventIds.MaintenanceYielding, Level = LogLevel.Information, Message = "{Host}: a backup is starting; the scrub stops and resumes later")]
    private static partial void LogYielding(ILogger logger, string host);
}
