using Kaya.Orchestrator.Lifecycle;

namespace Kaya.Orchestrator.Tests.Lifecycle;

public sealed class LatestSnapshotTests
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);

    private static SnapshotArrival Snapshot(char c, DateTimeOffset client, DateTimeOffset arrival) =>
        new(new string(c, 64), client, arrival, ArrivalSource.Ledger, null);

    [Theory]
    [InlineData("restore", new[] { "--target", "latest", "latest" }, new[] { 2 })]
    [InlineData("restore", new[] { "-t=/x", "--include", "/etc", "abc", "--verify" }, new[] { 3 })]
    [InlineData("ls", new[] { "--host", "h", "--long", "latest", "/etc" }, new[] { 3 })]
    [InlineData("diff", new[] { "abc", "latest:/etc" }, new[] { 0, 1 })]
    [InlineData("ls", new[] { "-lH", "h", "latest" }, new[] { 2 })]
    [InlineData("ls", new[] { "--path=/etc", "-H=h", "latest", "/etc" }, new[] { 2 })]
    [InlineData("restore", new[] { "--", "latest" }, new[] { 1 })]
    [InlineData("find", new[] { "latest" }, new int[0])]
    public void Only_snapshot_arguments_are_taken_for_snapshots_never_an_options_value(string command, string[] args, int[] expected)
    {
        Assert.Equal(expected, LatestSnapshot.SnapshotIndexes(command, args));
    }

    [Fact]
    public void Latest_becomes_the_id_of_the_last_arrival_and_a_forged_client_time_does_not_count()
    {
        var forged = Snapshot('f', Noon.AddYears(9), Noon.AddHours(-1));
        var real = Snapshot('a', Noon.AddMinutes(-1), Noon);

        var resolution = LatestSnapshot.Resolve("www1", "diff", ["latest:/etc", forged.Id[..8]], [forged, real], TimeSpan.FromHours(1), warn: true);

        Assert.Null(resolution.Failure);
        Assert.Equal([real.Id + ":/etc", forged.Id[..8]], resolution.Args);
        Assert.StartsWith("www1: latest is snapshot aaaaaaaa, the last to arrive (2026-11-29 12:00:00 UTC)", resolution.Notes[0]);
        Assert.StartsWith("warning: www1: snapshot ffffffff claims 2035-11-29 12:00 UTC but arrived 2026-11-29 11:00 UTC", resolution.Notes[1]);
        Assert.Equal(2, resolution.Notes.Count);
    }

    [Fact]
    public void Latest_without_any_arrival_is_refused_rather_than_left_to_restics_client_time()
    {
        var resolution = LatestSnapshot.Resolve("www1", "restore", ["latest", "--target", "/srv/x"], [], TimeSpan.FromHours(1), warn: true);

        Assert.Equal(ExitCodes.Failure, resolution.ExitCode);
        Assert.Contains("name a snapshot id", resolution.Failure);
    }

    private static SnapshotArrival Listed(char c, DateTimeOffset arrival, string host, string[] paths, string[]? tags = null) =>
        Snapshot(c, arrival, arrival) with { Listed = new ResticSnapshot { Id = new string(c, 64), Time = arrival, Hostname = host, Paths = paths, Tags = tags } };

    [Fact]
    public void Latest_with_filters_is_the_last_arrival_among_the_matching_snapshots_and_the_filters_are_then_dropped()
    {
        var db = Listed('d', Noon, "db1", ["/var/lib/mysql"]);
        var etc = Listed('e', Noon.AddHours(-1), "www1", ["/etc"], ["daily"]);
        var www = Listed('w', Noon.AddHours(-2), "www1", ["/srv/www"], ["daily"]);

        var resolution = LatestSnapshot.Resolve("www1", "restore", ["--host", "www1", "latest", "--tag", "daily", "--path=srv/www", "--target", "/tmp/r"],
            [db, etc, www], TimeSpan.FromHours(1), warn: true, workingDirectory: "/");

        Assert.Null(resolution.Failure);
        Assert.Equal([www.Id, "--target", "/tmp/r"], resolution.Args);
        Assert.Equal("www1: latest is snapshot wwwwwwww, the last to arrive of those matching --host www1 --tag daily --path /srv/www (2026-11-29 10:00:00 UTC)", Assert.Single(resolution.Notes));
    }

    [Fact]
    public void Filters_beside_an_explicit_id_are_left_to_restic_which_ignores_them()
    {
        var etc = Listed('e', Noon, "www1", ["/etc"]);

        var resolution = LatestSnapshot.Resolve("www1", "ls", ["--host", "db1", "eeeeeeee"], [etc], TimeSpan.FromHours(1), warn: false);

        Assert.Equal(["--host", "db1", "eeeeeeee"], resolution.Args);
        Assert.Empty(resolution.Notes);
    }

    [Fact]
    public void Latest_with_filters_that_match_nothing_is_refused_and_says_which_filters()
    {
        var etc = Listed('e', Noon, "www1", ["/etc"]);

        var resolution = LatestSnapshot.Resolve("www1", "ls", ["-H", "db1", "latest"], [etc], TimeSpan.FromHours(1), warn: false);

        Assert.Equal(ExitCodes.Failure, resolution.ExitCode);
        Assert.StartsWith("www1: no snapshot with a known arrival time matches --host db1", resolution.Failure);
    }
}
