using Kaya.Orchestrator.Lifecycle;

namespace Kaya.Orchestrator.Tests.Lifecycle;

/// <summary>restic 0.14's --host/--tag/--path filter for latest (restic.FindLatestSnapshot), read as restic reads it.</summary>
public sealed class SnapshotFilterTests
{
    private static SnapshotFilter Parse(params string[] args) => SnapshotFilter.Parse("restore", args, "/srv");

    private static ResticSnapshot Listed(string host, string[] paths, string[]? tags = null) =>
        new() { Id = new string('a', 64), Time = DateTimeOffset.UnixEpoch, Hostname = host, Paths = paths, Tags = tags };

    [Theory]
    [InlineData(new[] { "--host", "www1", "latest" }, "www1")]
    [InlineData(new[] { "--host=www1", "latest" }, "www1")]
    [InlineData(new[] { "-H", "www1", "latest" }, "www1")]
    [InlineData(new[] { "-Hwww1", "latest" }, "www1")]
    [InlineData(new[] { "-H=www1", "latest" }, "www1")]
    [InlineData(new[] { "latest", "--verify", "-H", "www1", "-H", "db1" }, "www1|db1")]
    [InlineData(new[] { "--target", "--host", "latest" }, "")]
    [InlineData(new[] { "-i", "-H", "latest" }, "")]
    [InlineData(new[] { "latest", "--", "--host", "www1" }, "")]
    public void Hosts_are_read_in_every_form_restic_accepts_and_never_from_another_flags_value(string[] args, string hosts)
    {
        Assert.Equal(hosts, string.Join('|', Parse(args).Hosts));
    }

    [Fact]
    public void Each_tag_flag_is_one_list_of_comma_separated_tags_trimmed()
    {
        var filter = Parse("--tag", "daily, etc", "--tag=weekly", "latest");

        Assert.Equal(2, filter.TagLists.Count);
        Assert.Equal(["daily", "etc"], filter.TagLists[0]);
        Assert.Equal(["weekly"], filter.TagLists[1]);
    }

    [Fact]
    public void Paths_are_made_absolute_from_the_working_directory_and_cleaned_as_restic_does()
    {
        var filter = Parse("--path", "etc/", "--path=/var//lib/../www/", "--path", "/", "latest");

        Assert.Equal(["/srv/etc", "/var/www", "/"], filter.Paths);
    }

    [Fact]
    public void Diff_has_no_filters_in_restic_so_none_are_read()
    {
        Assert.True(SnapshotFilter.Parse("diff", ["--host", "www1", "latest", "abc"], "/").IsEmpty);
    }

    [Fact]
    public void A_snapshot_matches_any_host_all_tags_of_any_list_and_every_path()
    {
        var filter = Parse("-H", "www1", "-H", "db1", "--tag", "daily,etc", "--tag", "manual", "--path", "/etc");

        Assert.True(filter.Matches(Listed("db1", ["/etc", "/var"], ["etc", "daily", "x"])));
        Assert.True(filter.Matches(Listed("www1", ["/etc"], ["manual"])));
        Assert.False(filter.Matches(Listed("mail1", ["/etc"], ["manual"])));
        Assert.False(filter.Matches(Listed("www1", ["/etc"], ["daily"])));
        Assert.False(filter.Matches(Listed("www1", ["/etc/"], ["manual"])));
        Assert.False(filter.Matches(Listed("www1", ["/var"], ["manual"])));
    }

    [Fact]
    public void Every_path_given_must_be_one_of_the_snapshots_paths()
    {
        var filter = Parse("--path", "/etc", "--path", "/home");

        Assert.True(filter.Matches(Listed("www1", ["/home", "/etc", "/root"])));
        Assert.False(filter.Matches(Listed("www1", ["/etc"])));
    }

    [Fact]
    public void An_empty_tag_matches_an_untagged_snapshot_only()
    {
        var filter = Parse("--tag", "");

        Assert.True(filter.Matches(Listed("www1", ["/"])));
        Assert.True(filter.Matches(Listed("www1", ["/"], [])));
        Assert.False(filter.Matches(Listed("www1", ["/"], ["daily"])));
    }

    [Fact]
    public void The_filter_flags_are_dropped_whole_and_every_other_word_kept_in_order()
    {
        string[] args = ["-H", "www1", "abc", "--tag=daily", "--target", "/srv/x", "--path", "/etc", "-Hdb1", "-lH", "mail1", "--", "--host"];

        Assert.Equal(["abc", "--target", "/srv/x", "-lH", "mail1", "--", "--host"], SnapshotFilter.Without(args));
    }
}
