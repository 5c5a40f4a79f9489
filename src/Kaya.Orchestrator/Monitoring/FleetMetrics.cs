using System.Globalization;
using System.Text;
using Kaya.Orchestrator.History;

namespace Kaya.Orchestrator.Monitoring;

/// <summary>
/// The fleet's metrics in the Prometheus text format (version 0.0.4), from the status (itself from the history):
/// served at the daemon's /metrics and written to metrics_textfile for node_exporter's textfile collector.
/// </summary>
public static partial class FleetMetrics
{
    public static string Render(IReadOnlyList<HostStatus> hosts)
    {
        var text = new StringBuilder();
        Family(text, hosts, "kaya_backup_last_success_timestamp_seconds", "gauge", "Start of the last succeeded or incomplete run, Unix seconds.",
            h => h.LastSuccess?.ToUnixTimeSeconds());
        Family(text, hosts, "kaya_backup_last_attempt_timestamp_seconds", "gauge", "Start of the last finished run, Unix seconds.",
            h => h.LastAttempt?.Started.ToUnixTimeSeconds());
        Family(text, hosts, "kaya_backup_last_success", "gauge", "1 if the last finished run succeeded (or was incomplete), 0 if not.",
            h => h.LastAttempt?.Outcome is { } o ? (o.IsSuccess() ? 1 : 0) : null);
        Family(text, hosts, "kaya_backup_duration_seconds", "gauge", "Wall time of the last finished run, seconds.",
            h => h.LastAttempt?.Duration?.TotalSeconds);
        Family(text, hosts, "kaya_backup_added_bytes", "gauge", "Bytes the last finished run added to the repository.",
            h => h.LastAttempt?.BytesAdded);
        text.Append("# HELP kaya_backup_runs_total Finished runs by outcome.\n# TYPE kaya_backup_runs_total counter\n");
        foreach (var h in hosts)
        {
            foreach (var outcome in RunOutcomes.All)
                text.Append(CultureInfo.InvariantCulture, $"kaya_backup_runs_total{{host=\"{Escape(h.Host)}\",outcome=\"{outcome.ToText()}\"}} {h.RunCounts.GetValueOrDefault(outcome)}\n");
        }
        Family(text, hosts, "kaya_repository_size_bytes", "gauge", "Size of the host's repository on disk at the end of its last measured run, bytes.",
            h => h.RepositoryBytes);
        Family(text, hosts, "kaya_repository_snapshots", "gauge", "Snapshots in the host's repository at the end of its last measured run.",
            h => h.SnapshotCount);
        Family(text, hosts, "kaya_host_stale", "gauge", "1 if the host's last success is older than its max_age.",
            h => h.IsStale ? 1 : 0);
        return text.ToString();
    }

    /// <summary>
    /// Replaces <paramref name="path"/> with the metrics atomically (a temporary file in the same folder, synced, renamed
    /// over it), so the collector never reads half a file. Throws <see cref="IOException"/> naming the path.
    /// </summary>
    public static async Task WriteTextfileAsync(string path, string metrics, CancellationToken cancellationToken = default)
    {
        // node_exporter reads only *.prom, so the temporary name is skipped even if a crash leaves it behind.
        var temporary = path + ".tmp-" + Environment.ProcessId;
        try
        {
            await using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 4096, FileOptions.Asynchronous))
            {
                await file.WriteAsync(Encoding.UTF8.GetBytes(metrics), cancellationToken);
                file.Flush(flushToDisk: true);
            }
            File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            File.Delete(temporary);
            throw new IOException($"{path}: cannot write the metrics file: {e.Message}", e);
        }
    }

    private static void Family(StringBuilder text, IReadOnlyList<HostStatus> hosts, string name, string type, string help, Func<HostStatus, double?> value)
    {
        text.Append(CultureInfo.InvariantCulture, $"# HELP {name} {help}\n# TYPE {name} {type}\n");
        foreach (var h in hosts)
        {
            if (value(h) is { } v) text.Append(CultureInfo.InvariantCulture, $"{name}{{host=\"{Escape(h.Host)}\"}} {v.ToString("R", CultureInfo.InvariantCulture)}\n");
        }
    }

    /// <summary>A gauge family with one sample per item, labelled by its host (the history's per-host families).</summary>
    private static void PerHost<T>(StringBuilder text, IReadOnlyList<T> items, Func<T, string> host, string name, string help, Func<T, double> value)
    {
        text.Append(CultureInfo.InvariantCulture, $"# HELP {name} {help}\n# TYPE {name} gauge\n");
        foreach (var item in items) text.Append(CultureInfo.InvariantCulture, $"{name}{{host=\"{Escape(host(item))}\"}} {value(item).ToString("R", CultureInfo.InvariantCulture)}\n");
    }

    private static string Escape(string label) => label.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n");
}
