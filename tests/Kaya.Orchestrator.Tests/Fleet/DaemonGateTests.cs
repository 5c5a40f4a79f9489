using Kaya.Orchestrator.Config;
using Kaya.Orchestrator.Fleet;
using Kaya.Orchestrator.History;
using Kaya.Orchestrator.Monitoring;
using Kaya.Orchestrator.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Kaya.Orchestrator.Tests.Fleet;

/// <summary>
/// The daemon asks the maintenance gate before each backup: a host whose forget runs is held back, and every other
/// backup runs inside a claim. The hosts have no restic_args, so each "backup" fails at once as a config failure.
/// </summary>
public sealed class DaemonGateTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private sealed class Gate(string heldBack) : IBackupGate
    {
        public List<string> Events { get; } = [];

        public bool MayStart(string host) => host != heldBack;

        public Task<IDisposable> ClaimAsync(string host, CancellationToken cancellationToken)
        {
            lock (Events) Events.Add($"claim {host}");
            return Task.FromResult<IDisposable>(new Release(() => { lock (Events) Events.Add($"release {host}"); }));
        }

        private sealed class Release(Action action) : IDisposable
        {
            public void Dispose() => action();
        }
    }

    [Fact]
    public async Task A_held_back_host_does_not_start_and_the_others_run_inside_a_claim()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-28T12:00:00Z"));
        var config = new KayaConfig { BackupRoot = _folder.Combine("root"), Stagger = TimeSpan.Zero };
        IReadOnlyList<HostConfig> hosts = [new() { Name = "db1", Path = "" }, new() { Name = "www1", Path = "" }];
        var history = await HistoryStore.OpenAsync(_folder.Combine("history.db"));
        var monitor = new FleetMonitor(() => config, () => hosts, history, time, NullLogger.Instance);
        var runner = new HostRunner(history, monitor, server: null, NullLoggerFactory.Instance, time);
        var gate = new Gate(heldBack: "www1");
        var ended = new List<string>();
        var daemon = new FleetDaemon(runner, monitor, () => config, () => hosts, _ => new CollectingOutput(), r =>
        {
            lock (ended) { ended.Add(r.Host); gate.Events.Add($"ended {r.Host}"); }
        }, NullLogger.Instance, time) { Maintenance = gate };
        using var stopping = new CancellationTokenSource();

        var loop = daemon.RunAsync(stopping.Token);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (ended.Count == 0) { Assert.True(DateTime.UtcNow < deadline, "no run ended"); await Task.Delay(10); }
        await stopping.CancelAsync();
        await loop.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(["claim db1", "ended db1", "release db1"], gate.Events);
        Assert.Equal(["db1"], (await history.ListAllRunsAsync()).Select(r => r.Host));
    }
}
