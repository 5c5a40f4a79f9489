using Kaya.Orchestrator.Runs;

namespace Kaya.Orchestrator.Tests.Runs;

public sealed class FatalLineTests
{
    [Fact]
    public void The_last_fatal_line_is_kept_and_other_lines_are_not()
    {
        var fatal = new FatalLine();
        fatal.Observe("Fatal: first");
        fatal.Observe("Fatal: unable to open repository: \e[2Kgone");
        fatal.Observe("some progress");

        Assert.Equal("Fatal: unable to open repository: gone", fatal.Last);
    }

    [Fact]
    public void A_long_fatal_line_is_cut_to_its_bound_with_an_ellipsis()
    {
        var fatal = new FatalLine();
        fatal.Observe("Fatal: " + new string('x', 500));

        Assert.Equal(FatalLine.MaxLength, fatal.Last!.Length);
        Assert.EndsWith("x…", fatal.Last, StringComparison.Ordinal);
    }
}
