using Kaya.Orchestrator.Fleet;
using Kaya.Orchestrator.History;
using Kaya.Orchestrator.Monitoring;
using Kaya.Orchestrator.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Kaya.Orchestrator.Tests.Monitoring;

public sealed class FleetMetricsTests : IDisposable
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.Parse("2026-11-28T01:00:00Z");
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static IReadOnlyList<HostStatus> Fleet()
    {
        var time = new FakeTimeProvider(T0.AddDays(3));
        var success = new RunRecord { Host = "www1", Trigger = RunTrigger.Run, Started = T0, Ended = T0.AddSeconds(90), Duration = TimeSpan.FromSeconds(90), Outcome = RunOutcome.Succeeded, BytesAdded = 2048, RepositoryBytes = 1 << 30, SnapshotCount = 12 };
        var failure = success with { Host = "db1", Outcome = RunOutcome.TransportFailed, BytesAdded = null, RepositoryBytes = null, SnapshotCount = null };
        var histories = new Dictionary<string, HostHistory>
        {
            ["www1"] = new() { Host = "www1", LastAttempt = success, LastSuccess = success, LastMeasured = success, RunCounts = new Dictionary<RunOutcome, long> { [RunOutcome.Succeeded] = 3 } },
            ["db1"] = new() { Host = "db1", LastAttempt = failure, LastFailure = failure, FailuresSinceSuccess = 1, RunCounts = new Dictionary<RunOutcome, long> { [RunOutcome.TransportFailed] = 1 } },
        };
        HostConfig[] hosts = [new() { Name = "www1", Path = "" }, new() { Name = "db1", Path = "" }, new() { Name = "new1", Path = "" }];
        return FleetStatus.Compute(hosts, histories, time);
    }

    [Fact]
    public void The_metrics_carry_each_hosts_last_run_and_staleness()
    {
        var text = FleetMetrics.Render(Fleet());

        Assert.Contains($"kaya_backup_last_success_timestamp_seconds{{host=\"www1\"}} {T0.ToUnixTimeSeconds()}\n", text);
        Assert.Contains("kaya_backup_last_success{host=\"www1\"} 1\n", text);
        Assert.Contains("kaya_backup_last_success{host=\"db1\"} 0\n", text);
        Assert.Contains("kaya_backup_duration_seconds{host=\"www1\"} 90\n", text);
        Assert.Contains("kaya_backup_added_bytes{host=\"www1\"} 2048\n", text);
        Assert.Contains("kaya_backup_runs_total{host=\"www1\",outcome=\"succeeded\"} 3\n", text);
        Assert.Contains("kaya_backup_runs_total{host=\"db1\",outcome=\"transport-failed\"} 1\n", text);
        Assert.Contains("kaya_repository_size_bytes{host=\"www1\"} 1073741824\n", text);
        Assert.Contains("kaya_repository_snapshots{host=\"www1\"} 12\n", text);
        Assert.Contains("kaya_host_stale{host=\"www1\"} 1\n", text);
        Assert.Contains("kaya_host_stale{host=\"db1\"} 0\n", text);
        Assert.DoesNotContain("kaya_backup_last_success{host=\"new1\"}", text);
    }

    [Fact]
    public async Task Promtool_accepts_the_metrics()
    {
        var path = _folder.Combine("kaya.prom");
        await FleetMetrics.WriteTextfileAsync(path, FleetMetrics.Render(Fleet()));

        var check = await Programs.RunAsync("sh", ["-c", $"promtool check metrics < '{path}'"]);

        Assert.True(check.ExitCode == 0, check.Stdout + check.Stderr);
        Assert.Equal("", check.Stdout + check.Stderr);
    }

    [Fact]
    public async Task The_textfile_is_replaced_whole_and_no_temporary_is_left()
    {
        var path = _folder.Combine("kaya.prom");
        await File.WriteAllTextAsync(path, "old");

        await FleetMetrics.WriteTextfileAsync(path, "# new\n");

        Assert.Equal("# new\n", await File.ReadAllTextAsync(path));
        Assert.Equal(["kaya.prom"], Directory.GetFiles(_folder.Path).Select(Path.GetFileName));
    }
}
