namespace Kaya.Orchestrator.Tests.Errors;

public sealed class DidYouMeanTests
{
    private static readonly string[] Actions = ["backup", "restore-to-target", "history", "forget", "snapshots", "ls", "find", "stats", "check", "diff", "mount", "restore", "unlock"];

    [Theory]
    [InlineData("bakcup", "backup")] // two letters swapped: one edit
    [InlineData("backpu", "backup")]
    [InlineData("histroy", "history")]
    [InlineData("forgt", "forget")]
    [InlineData("snapshot", "snapshots")]
    [InlineData("snap", "snapshots")] // a word it begins
    [InlineData("UNLOCK", "unlock")]
    public void A_typo_gets_the_one_word_it_is_near(string typed, string meant) => Assert.Equal(meant, DidYouMean.Closest(typed, Actions));

    [Theory]
    [InlineData("compress")] // far from every word
    [InlineData("xy")] // two edits from "ls", but that rewrites all of it
    [InlineData("res")] // begins restore and restore-to-target alike
    public void A_word_near_none_or_near_two_alike_gets_no_suggestion(string typed) => Assert.Null(DidYouMean.Closest(typed, Actions));

    [Theory]
    [InlineData("ab", "ba", 1)]
    [InlineData("kitten", "sitting", 3)]
    [InlineData("max_paralel", "max_parallel", 1)]
    [InlineData("", "abc", 3)]
    public void The_distance_counts_a_swap_of_neighbours_as_one_edit(string a, string b, int distance) => Assert.Equal(distance, DidYouMean.Distance(a, b));

    [Fact]
    public void The_hint_is_empty_when_nothing_is_near() =>
        Assert.Equal((" (did you mean 'backup'?)", ""), (DidYouMean.Hint("bakcup", Actions), DidYouMean.Hint("compress", Actions)));
}
