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
}
