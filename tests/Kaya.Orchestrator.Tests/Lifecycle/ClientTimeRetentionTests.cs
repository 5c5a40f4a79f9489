using System.Text.Json;
using Kaya.Orchestrator.Lifecycle;
using Kaya.Orchestrator.Runs;
using Kaya.Orchestrator.Tests.Support;

namespace Kaya.Orchestrator.Tests.Lifecycle;

/// <summary>The client-time selection must be restic's own: checked against the installed restic's forget --dry-run.</summary>
public sealed class ClientTimeRetentionTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Selects_what_restic_forget_selects_across_day_week_month_and_year_boundaries()
    {
        var repository = _folder.Combine("www1");
        RepositoryPassword.Ensure(repository, repositoryExists: false);
        var source = _folder.Combine("source");
        Directory.CreateDirectory(source);
        File.WriteAllText(Path.Combine(source, "f"), "x");
        Assert.Equal(0, (await LocalPrograms.ResticAsync(repository, "init")).ExitCode);
        string[] times =
        [
            "2025-12-31 23:00:00", "2026-01-01 01:00:00", "2026-01-01 02:00:00", "2026-03-15 10:00:00", "2026-06-30 08:00:00",
            "2026-07-01 09:00:00", "2026-11-10 10:00:00", "2026-11-10 20:00:00", "2026-11-15 22:00:00", "2026-11-16 06:00:00",
            "2026-11-25 12:00:00", "2099-01-05 12:00:00", // the last one in the future: keep-within must count from the one before
        ];
        foreach (var time in times) Assert.Equal(0, (await LocalPrograms.ResticAsync(repository, "backup", "--time", time, source)).ExitCode);
        var policy = new KeepPolicy { Last = 2, Daily = 3, Weekly = 3, Monthly = 3, Yearly = 2, Within = ResticDuration.Parse("5d") };

        var forget = await LocalPrograms.ResticAsync(repository, "forget", "--dry-run", "--json", "--keep-last", "2", "--keep-daily", "3", "--keep-weekly", "3",
            "--keep-monthly", "3", "--keep-yearly", "2", "--keep-within", "5d");
        var listed = ResticSnapshot.ParseList((await LocalPrograms.ResticAsync(repository, "snapshots", "--json")).Stdout);
        var plan = ClientTimeRetention.Plan(listed.Select(s => new SnapshotArrival(s.Id, s.Time, s.Time, ArrivalSource.Ledger, null, s.GroupKey)), policy, DateTimeOffset.Now);

        Assert.True(forget.ExitCode == 0, forget.Stderr);
        var group = JsonDocument.Parse(forget.Stdout).RootElement[0];
        // restic lists the kept snapshots and, in the same order, the rules that keep each (without the id).
        var resticReasons = group.GetProperty("keep").EnumerateArray().Zip(group.GetProperty("reasons").EnumerateArray()).ToDictionary(
            p => p.First.GetProperty("id").GetString()!,
            p => p.Second.GetProperty("matches").EnumerateArray().Select(m => m.GetString()!).ToList());
        var ours = plan.Decisions.Where(d => d.Keep).ToDictionary(d => d.Snapshot.Id, d => d.Reasons.ToList());
        Assert.Equal(resticReasons.OrderBy(p => p.Key), ours.OrderBy(p => p.Key));
        Assert.Equal(group.GetProperty("remove") is { ValueKind: JsonValueKind.Array } remove ? remove.GetArrayLength() : 0, plan.IdsToRemove.Count);
        Assert.NotEmpty(plan.IdsToRemove);
    }
}
