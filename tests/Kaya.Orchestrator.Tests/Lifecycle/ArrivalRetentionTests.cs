using Kaya.Orchestrator.Lifecycle;
using Xunit.Abstractions;
using static Kaya.Orchestrator.Tests.Lifecycle.RetentionFixtures;

namespace Kaya.Orchestrator.Tests.Lifecycle;

public sealed class ArrivalRetentionTests(ITestOutputHelper output)
{
    private static readonly TimeZoneInfo Utc0 = TimeZoneInfo.Utc;

    [Fact]
    public void Forged_client_times_cannot_push_real_snapshots_out_of_keep_daily_and_weekly()
    {
        var now = Utc(11, 30, 12);
        var snapshots = RealMonth();
        // The compromised target, on the last day: 10 snapshots dated late on days inside the window, 10 in the
        // future. Uploaded through 'kaya serve' (no run id), so each counts on its own.
        for (var i = 1; i <= 20; i++)
        {
            var client = i <= 10 ? Utc(11, 19 + i, 23, 30) : Utc(12, i - 10, 3);
            snapshots.Add(new SnapshotArrival(Id('f', i), client, Utc(11, 30, 10, i), ArrivalSource.Ledger, RunId: null));
        }
        var policy = new KeepPolicy { Daily = 7, Weekly = 4 };

        var kaya = ArrivalRetention.Plan(snapshots, policy, Utc0, now);
        var restic = ClientTimeRetention.Plan(snapshots, policy, now);
        output.WriteLine($"{policy}; 30 real snapshots (a…), one a day at 02:00 UTC; 20 forged (f…) on 30 Nov 10:01–10:20");
        output.WriteLine(RetentionTable.SideBySide(kaya, restic, Utc0));

        var real = snapshots.Where(s => s.Id[0] == 'a').Select(s => s.Id).ToHashSet();
        var keptByKaya = kaya.IdsToKeep.Where(real.Contains).ToList();
        // Days 24–29 (daily; the 30th's daily bucket goes to the newest forged arrival) and the Sundays 22 and 15 (weekly).
        Assert.Equal([Id('a', 29), Id('a', 28), Id('a', 27), Id('a', 26), Id('a', 25), Id('a', 24), Id('a', 22), Id('a', 15)], keptByKaya);
        Assert.DoesNotContain(restic.IdsToKeep, real.Contains);
        Assert.Equal(19, kaya.IdsToRemove.Count(id => id[0] == 'f'));
        Assert.Null(kaya.Refusal);
    }

    [Fact]
    public void A_run_counts_once_by_its_newest_snapshot()
    {
        var snapshots = RealMonth();
        for (var i = 1; i <= 20; i++)
            snapshots.Add(new SnapshotArrival(Id('f', i), Utc(11, 30, 23, 59), Utc(11, 30, 10, i), ArrivalSource.Ledger, "run-compromised"));

        var plan = ArrivalRetention.Plan(snapshots, new KeepPolicy { Last = 3 }, Utc0, Utc(11, 30, 12));
        output.WriteLine(RetentionTable.Format(plan, Utc0, ArrivalRetention.DefaultClockSkewAlarm));

        Assert.Equal([Id('f', 20), Id('a', 30), Id('a', 29)], plan.IdsToKeep);
        Assert.Equal("run run-compromised counts once, by its newest snapshot f0200000", plan.For(Id('f', 1)).Note);
    }

    [Fact]
    public void The_newest_arrival_is_kept_when_no_rule_keeps_anything()
    {
        // restic 0.14 removes everything for --keep-last -1 (a non-empty policy that keeps nothing).
        var snapshots = RealMonth();
        var policy = new KeepPolicy { Last = -1 };

        var plan = ArrivalRetention.Plan(snapshots, policy, Utc0, Utc(11, 30, 12));

        Assert.Empty(ClientTimeRetention.Plan(snapshots, policy, Utc(11, 30, 12)).IdsToKeep);
        Assert.Equal([Id('a', 30)], plan.IdsToKeep);
        Assert.Equal(["newest arrival"], plan.For(Id('a', 30)).Reasons);
    }

    [Fact]
    public void Day_buckets_follow_the_backup_hosts_zone()
    {
        var plus2 = TimeZoneInfo.CreateCustomTimeZone("UTC+2", TimeSpan.FromHours(2), "UTC+2", "UTC+2");
        List<SnapshotArrival> snapshots =
        [
            new(Id('a', 1), Utc(11, 9, 12), Utc(11, 9, 12), ArrivalSource.Ledger, null),
            new(Id('a', 2), Utc(11, 10, 21, 30), Utc(11, 10, 21, 30), ArrivalSource.Ledger, null),
            new(Id('a', 3), Utc(11, 10, 23, 30), Utc(11, 10, 23, 30), ArrivalSource.Ledger, null),
        ];
        var policy = new KeepPolicy { Daily = 2 };

        // In UTC the last two share 10 Nov; at UTC+2 the newest falls on 11 Nov.
        Assert.Equal([Id('a', 3), Id('a', 1)], ArrivalRetention.Plan(snapshots, policy, Utc0, Utc(11, 30, 0)).IdsToKeep);
        Assert.Equal([Id('a', 3), Id('a', 2)], ArrivalRetention.Plan(snapshots, policy, plus2, Utc(11, 30, 0)).IdsToKeep);
    }

    [Fact]
    public void Keep_within_counts_back_from_the_newest_arrival_not_from_now()
    {
        var snapshots = RealMonth().Take(10).ToList();

        var plan = ArrivalRetention.Plan(snapshots, new KeepPolicy { Within = ResticDuration.Parse("3d") }, Utc0, Utc(12, 31, 0));

        // Strictly after 10 Nov 02:00 − 3 d: the 7th sits exactly on the cut-off and goes, as in restic.
        Assert.Equal([Id('a', 10), Id('a', 9), Id('a', 8)], plan.IdsToKeep);
        Assert.Equal(["within 3d"], plan.For(Id('a', 8)).Reasons);
    }

    [Fact]
    public void Keep_within_keeps_every_snapshot_of_a_run_inside_the_window()
    {
        List<SnapshotArrival> snapshots =
        [
            new(Id('a', 1), Utc(11, 1, 2), Utc(11, 1, 2), ArrivalSource.Ledger, "run-1"),
            new(Id('a', 2), Utc(11, 1, 2, 5), Utc(11, 1, 2, 5), ArrivalSource.Ledger, "run-1"),
        ];

        var plan = ArrivalRetention.Plan(snapshots, new KeepPolicy { Within = ResticDuration.Parse("1d") }, Utc0, Utc(11, 2, 0));

        Assert.Equal([Id('a', 2), Id('a', 1)], plan.IdsToKeep);
    }

    [Fact]
    public void Most_mtimes_in_one_minute_refuse_the_plan_unless_forced()
    {
        // A copy that reset mtimes: 8 of 10 snapshot files carry the same minute.
        var snapshots = RealMonth().Take(10)
            .Select((s, i) => s with { Source = ArrivalSource.Mtime, RunId = null, Arrival = i < 8 ? Utc(11, 20, 9, 0).AddSeconds(i) : s.Arrival })
            .ToList();
        var policy = new KeepPolicy { Last = 2 };

        var refused = ArrivalRetention.Plan(snapshots, policy, Utc0, Utc(11, 30, 0));
        var forced = ArrivalRetention.Plan(snapshots, policy, Utc0, Utc(11, 30, 0), force: true);

        Assert.StartsWith("8 of the 10 snapshots dated by file mtime arrived in the same minute (2026-11-20 09:00 UTC)", refused.Refusal);
        Assert.Empty(refused.IdsToRemove);
        Assert.Null(forced.Refusal);
        Assert.Equal(8, forced.IdsToRemove.Count);
    }

    [Fact]
    public void Ledger_arrivals_in_one_minute_are_not_refused()
    {
        // Many uploads in one minute are exactly what a compromised run does; the ledger's times are real.
        var snapshots = Enumerable.Range(1, 10).Select(i => new SnapshotArrival(Id('f', i), Utc(11, 1, 0), Utc(11, 20, 9, 0).AddSeconds(i), ArrivalSource.Ledger, null));

        Assert.Null(ArrivalRetention.Plan(snapshots, new KeepPolicy { Last = 1 }, Utc0, Utc(11, 30, 0)).Refusal);
    }

    [Fact]
    public void Rules_apply_per_group_as_restic_groups_by_host_and_paths()
    {
        List<SnapshotArrival> snapshots =
        [
            new(Id('a', 1), Utc(11, 1, 2), Utc(11, 1, 2), ArrivalSource.Ledger, null, "/etc"),
            new(Id('a', 2), Utc(11, 1, 3), Utc(11, 1, 3), ArrivalSource.Ledger, null, "/home"),
            new(Id('a', 3), Utc(11, 1, 1), Utc(11, 1, 1), ArrivalSource.Ledger, null, "/home"),
        ];

        var plan = ArrivalRetention.Plan(snapshots, new KeepPolicy { Daily = 1 }, Utc0, Utc(11, 30, 0));

        Assert.Equal([Id('a', 2), Id('a', 1)], plan.IdsToKeep);
    }

    [Fact]
    public void An_empty_policy_keeps_everything_as_restic_does()
    {
        var plan = ArrivalRetention.Plan(RealMonth(), new KeepPolicy(), Utc0, Utc(11, 30, 0));

        Assert.Empty(plan.IdsToRemove);
        Assert.Equal(["policy is empty"], plan.Decisions[5].Reasons);
    }

    [Fact]
    public void Clock_skew_beyond_the_alarm_is_flagged()
    {
        var s = new SnapshotArrival(Id('f', 1), Utc(12, 1, 3), Utc(11, 30, 10), ArrivalSource.Ledger, null);

        Assert.True(ArrivalRetention.IsSkewed(s, ArrivalRetention.DefaultClockSkewAlarm));
        Assert.False(ArrivalRetention.IsSkewed(s with { ClientTime = Utc(11, 30, 10, 59) }, ArrivalRetention.DefaultClockSkewAlarm));
    }
}
