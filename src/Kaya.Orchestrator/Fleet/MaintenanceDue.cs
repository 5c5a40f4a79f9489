using Kaya.Orchestrator.Config;
using Kaya.Orchestrator.Runs;

namespace Kaya.Orchestrator.Fleet;

/// <summary>
/// Which scrubs and forgets are due now, in the order the daemon takes them: forgets before scrubs (a forget is short
/// and may free space; a scrub reads everything), each kind by the oldest last done (never done first), then by name.
/// </summary>
public static class MaintenanceDue
{
    /// <summary>
    /// The due jobs, or none at all while <c>backup_window</c> is open (maintenance keeps out of the backups' hours).
    /// With repositories in a bucket, a host is due once it has a kept password in backup_root/HOST (its repository is in the bucket).
    /// </summary>
    /// <param name="lastScrub">each host's last completed scrub's end (UTC)</param>
    /// <param name="lastForget">each host's last successful forget's end (UTC)</param>
    /// <param name="skip">jobs not to take now (claimed by a backup, or waiting after a failure)</param>
    public static IReadOnlyList<MaintenanceJob> Compute(KayaConfig settings, IEnumerable<HostConfig> hosts, IReadOnlyDictionary<string, DateTimeOffset> lastScrub,
        IReadOnlyDictionary<string, DateTimeOffset> lastForget, DateTimeOffset now, TimeZoneInfo zone, Func<MaintenanceJob, bool> skip)
    {
        if (settings.BackupWindow is { } window && window.Contains(TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime))) return [];
        var enabled = hosts.Where(h => h.Enabled).ToList();
        var jobs = new List<MaintenanceJob>();
        if (settings.ForgetInterval is { } forgetEvery)
        {
            jobs.AddRange(enabled
                .Select(h => new MaintenanceJob(MaintenanceKind.Forget, h, h.Keep ?? settings.Keep))
                .Where(j => j.Policy is { IsEmpty: false } && HasPassword(settings, j.Host.Name) && IsDue(lastForget, j.Host.Name, forgetEvery, now) && !skip(j))
                .OrderBy(j => lastForget.GetValueOrDefault(j.Host.Name, DateTimeOffset.MinValue)).ThenBy(j => j.Host.Name, StringComparer.Ordinal));
        }
        if (settings.ScrubInterval is { } scrubEvery)
        {
            jobs.AddRange(enabled
                .Select(h => new MaintenanceJob(MaintenanceKind.Scrub, h))
                .Where(j => HasRepository(settings, j.Host.Name) && IsDue(lastScrub, j.Host.Name, scrubEvery, now) && !skip(j))
                .OrderBy(j => lastScrub.GetValueOrDefault(j.Host.Name, DateTimeOffset.MinValue)).ThenBy(j => j.Host.Name, StringComparer.Ordinal));
        }
        return jobs;
    }

    private static bool IsDue(IReadOnlyDictionary<string, DateTimeOffset> last, string host, TimeSpan every, DateTimeOffset now) =>
        !last.TryGetValue(host, out var done) || now - done >= every;

    // A host never backed up has nothing to scrub or thin out yet.
    private static bool HasRepository(KayaConfig settings, string host) =>
        File.Exists(Path.Combine(settings.BackupRoot, host, "config")) || HasPassword(settings, host);

    private static bool HasPassword(KayaConfig settings, string host) => File.Exists(Path.Combine(settings.BackupRoot, host, RepositoryPassword.FileName));
}
