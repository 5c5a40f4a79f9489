namespace Kaya.Orchestrator.Fleet;

/// <summary>
/// What the daemon's backups ask of the maintenance jobs (<see cref="MaintenanceScheduler"/>) before they start, so a
/// scheduled backup is never lost to a scrub or a forget of the same host.
/// </summary>
public interface IBackupGate
{
    /// <summary>False while a forget (or prune) of <paramref name="host"/> runs: the host stays due and starts at a wake after it ends.</summary>
    bool MayStart(string host);

    /// <summary>
    /// Keeps maintenance off <paramref name="host"/> until the returned claim is disposed: a scrub of it is interrupted (it
    /// resumes later from its cursor) and a forget of it is waited for, so the host lock is free when this returns.
    /// </summary>
    Task<IDisposable> ClaimAsync(string host, CancellationToken cancellationToken);
}
