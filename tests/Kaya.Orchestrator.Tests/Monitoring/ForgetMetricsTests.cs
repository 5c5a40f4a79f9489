using Kaya.Orchestrator.History;
using Kaya.Orchestrator.Monitoring;

namespace Kaya.Orchestrator.Tests.Monitoring;

public sealed class ForgetMetricsTests : IDisposable
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.Parse("2026-11-28T13:00:00Z");
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Each_hosts_last_forget_is_exported_and_promtool_accepts_it()
    {
        var metrics = FleetMetrics.Render([]) + FleetMetrics.RenderForgets(
        [
            new ForgetRecord("db1", T0, T0.AddSeconds(30), RunTrigger.Daemon, null, null, false, ForgetOutcome.Failed, "db1: busy"),
            new ForgetRecord("www1", T0, T0.AddMinutes(5), RunTrigger.Cli, 7, 2, true, ForgetOutcome.Succeeded, null),
        ]);

        Assert.Contains($"kaya_forget_last_timestamp_seconds{{host=\"www1\"}} {T0.AddMinutes(5).ToUnixTimeSeconds()}\n", metrics);
        Assert.Contains("kaya_forget_last_success{host=\"www1\"} 1\n", metrics);
        Assert.Contains("kaya_forget_last_success{host=\"db1\"} 0\n", metrics);
        var path = _folder.Combine("kaya.prom");
        await FleetMetrics.WriteTextfileAsync(path, metrics);
        var check = await Programs.RunAsync("sh", ["-c", $"promtool check metrics < '{path}'"]);
        Assert.True(check.ExitCode == 0, check.Stdout + check.Stderr);
        Assert.Equal("", check.Stdout + check.Stderr);
    }
}
