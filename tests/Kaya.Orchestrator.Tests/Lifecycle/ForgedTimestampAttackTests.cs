using System.Globalization;
using System.Text.Json;
using Kaya.Orchestrator.Lifecycle;
using Kaya.Orchestrator.Runs;
using Kaya.Server.Hosting;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace Kaya.Orchestrator.Tests.Lifecycle;

/// <summary>
/// The attack of issue 10, with real restic through the server: a month of honest daily backups (the server's
/// clock simulated), then a compromised target pushes 20 snapshots whose times it forged with
/// <c>restic backup --time</c>. restic's own forget keeps the forgeries; kaya's keeps the real history.
/// </summary>
public sealed class ForgedTimestampAttackTests(ITestOutputHelper output) : IDisposable
{
    private const string Host = "www1";
    private static readonly KeepPolicy Policy = new() { Daily = 7, Weekly = 4 };
    private readonly TempFolder _folder = new();
    private readonly FakeTimeProvider _time = new();

    private string BackupRoot => _folder.Combine("backups");
    private string Repository => Path.Combine(BackupRoot, Host);

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Forget_by_arrival_keeps_the_real_snapshots_that_restics_own_forget_would_delete()
    {
        var source = Directory.CreateDirectory(_folder.Combine("etc")).FullName;
        RepositoryPassword.Ensure(Repository, repositoryExists: false);
        Dictionary<string, string> kinds;
        await using (var server = await KayaServer.StartAsync(new KayaServerOptions
        {
            DataPath = BackupRoot,
            Listen = [ListenAddress.Loopback(0)],
            Authentication = ServerAuthentication.None,
            Policy = new Kaya.Server.Access.RepositoryPolicy { AppendOnly = true },
            SweepTemporariesAtStart = false,
            Time = _time,
            SnapshotLedger = new FileSnapshotLedger(BackupRoot),
        }))
        {
            var restic = Restic.WithPasswordFile($"rest:http://127.0.0.1:{server.Port}/{Host}/", Path.Combine(Repository, RepositoryPassword.FileName));
            await restic.MustAsync("init");
            kinds = await MakeHistoryAsync(restic, source);
        }
        var local = Restic.WithPasswordFile(Repository, Path.Combine(Repository, RepositoryPassword.FileName));
        var listed = ResticSnapshot.ParseList(await local.MustAsync("snapshots", "--json"));
        Assert.Equal(50, listed.Count);
        var arrivals = (await RepositoryArrivals.LoadAsync(ResticRepository.InFolder(Repository), listed, CancellationToken.None)).Snapshots;
        Assert.All(arrivals, a => Assert.Equal(ArrivalSource.Ledger, a.Source));

        var byArrival = ArrivalRetention.Plan(arrivals, Policy, TimeZoneInfo.Local, DateTimeOffset.UtcNow);
        var byClient = ClientTimeRetention.Plan(arrivals, Policy, DateTimeOffset.UtcNow);
        output.WriteLine(RetentionTable.SideBySide(byArrival, byClient, TimeZoneInfo.Local));

        // restic's own forget, run for real, selects what the client-time model says it does.
        var resticRemoves = ResticForgetRemoves(await local.MustAsync("forget", "--dry-run", "--json", "--keep-daily", "7", "--keep-weekly", "4"));
        Assert.Equal(byClient.IdsToRemove.Order(), resticRemoves.Order());
        var realKept = byArrival.IdsToKeep.Where(id => kinds[id] == "real").ToHashSet();
        var realRescued = realKept.Intersect(resticRemoves).ToList();
        output.WriteLine($"kaya keeps {realKept.Count} real snapshots, {realRescued.Count} of which restic's own forget would delete; restic keeps {byClient.IdsToKeep.Count(id => kinds[id] == "real")} real");
        Assert.True(realRescued.Count >= 7, $"only {realRescued.Count} real snapshots rescued");
        Assert.Equal(1, byArrival.IdsToKeep.Count(id => kinds[id] == "forged"));

        // snapshots --arrival flags every forgery and no real snapshot.
        var config = _folder.Combine("kaya.conf");
        File.WriteAllText(config, $"backup_root={BackupRoot}\n");
        var shown = (await LocalPrograms.KayaAsync("-c", config, Host, "snapshots", "--arrival")).EnsureSuccess("kaya snapshots --arrival").Stdout;
        var flagged = shown.Split('\n').Where(l => l.TrimEnd().EndsWith('!')).Select(l => l[..8]).ToHashSet();
        Assert.Equal(kinds.Where(k => k.Value == "forged").Select(k => k.Key[..8]).ToHashSet(), flagged);

        // --dry-run prints the selection and changes nothing, not even the ledger.
        var ledgerBefore = File.ReadAllText(Path.Combine(Repository, LedgerFile.FileName));
        var dry = (await LocalPrograms.KayaAsync("-c", config, Host, "forget", "--keep-daily", "7", "--keep-weekly", "4", "--dry-run")).EnsureSuccess("kaya forget --dry-run");
        Assert.Contains("dry run: nothing changed", dry.Stdout);
        Assert.Equal(50, ResticSnapshot.ParseList(await local.MustAsync("snapshots", "--json")).Count);
        Assert.Equal(ledgerBefore, File.ReadAllText(Path.Combine(Repository, LedgerFile.FileName)));

        var forget = await LocalPrograms.KayaAsync("-c", config, Host, "forget", "--keep-daily", "7", "--keep-weekly", "4", "--prune");
        output.WriteLine(forget.Stdout);

        Assert.True(forget.ExitCode == 0, forget.Stderr);
        var left = ResticSnapshot.ParseList(await local.MustAsync("snapshots", "--json")).Select(s => s.Id).Order().ToList();
        Assert.Equal(byArrival.IdsToKeep.Order(), left);
        await local.MustAsync("check");
    }

    /// <summary>30 honest runs, one a day at 02:00 UTC in November 2026; then, on 1 December, 20 forged ones.</summary>
    /// <returns>"real" or "forged" per snapshot id</returns>
    private async Task<Dictionary<string, string>> MakeHistoryAsync(Restic restic, string source)
    {
        var kinds = new Dictionary<string, string>();
        async Task BackupAsync(string kind, DateTimeOffset claimed)
        {
            File.WriteAllText(Path.Combine(source, "state"), $"{kind} {claimed:O} {_time.GetUtcNow():O}");
            var time = TimeZoneInfo.ConvertTime(claimed, TimeZoneInfo.Local).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
            var summary = await restic.MustAsync("backup", "--json", "--host", Host, "--time", time, source);
            var id = JsonDocument.Parse(summary.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1]).RootElement.GetProperty("snapshot_id").GetString()!;
            kinds[id] = kind;
        }

        for (var day = 1; day <= 30; day++)
        {
            _time.SetUtcNow(new DateTimeOffset(2026, 11, day, 2, 0, 0, TimeSpan.Zero));
            await BackupAsync("real", _time.GetUtcNow().AddSeconds(-40));
        }
        _time.SetUtcNow(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));
        for (var i = 0; i < 20; i++)
        {
            _time.Advance(TimeSpan.FromMinutes(1));
            // Ten inside the week retention looks at, ten in the future: every daily and weekly bucket restic fills first.
            var claimed = i < 10
                ? new DateTimeOffset(2026, 11, 24 + i % 7, 23, 0, 0, TimeSpan.Zero).AddMinutes(i)
                : new DateTimeOffset(2026, 12, 2 + (i - 10), 3, 0, 0, TimeSpan.Zero);
            await BackupAsync("forged", claimed);
        }
        // restic's summary gives the short id; the full id is what the ledger and forget use.
        var full = ResticSnapshot.ParseList(await restic.MustAsync("snapshots", "--json")).Select(s => s.Id).ToList();
        return kinds.ToDictionary(k => full.Single(id => id.StartsWith(k.Key, StringComparison.Ordinal)), k => k.Value);
    }

    /// <summary>The ids in <c>restic forget --json</c>'s "remove" lists, over all groups.</summary>
    private static List<string> ResticForgetRemoves(string json) =>
        [.. JsonDocument.Parse(json).RootElement.EnumerateArray()
            .SelectMany(g => g.TryGetProperty("remove", out var r) && r.ValueKind == JsonValueKind.Array ? r.EnumerateArray() : Enumerable.Empty<JsonElement>())
            .Select(s => s.GetProperty("id").GetString()!)];
}
