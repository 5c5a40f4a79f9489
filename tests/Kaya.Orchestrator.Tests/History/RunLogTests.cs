using Kaya.Orchestrator.History;

namespace Kaya.Orchestrator.Tests.History;

public sealed class RunLogTests
{
    [Fact]
    public void Output_under_the_cap_comes_back_whole() =>
        Assert.Equal("a\nb\n", RunLog.Decompress(RunLog.Compress("a\nb\n")));

    [Fact]
    public void Output_over_the_cap_keeps_its_start_and_end_and_says_what_was_left_out()
    {
        var text = "START" + new string('x', 10_000) + "END";

        var back = RunLog.Decompress(RunLog.Compress(text, capBytes: 1000));

        Assert.StartsWith("START", back);
        Assert.EndsWith("END", back);
        Assert.Contains("[kaya: 9008 bytes of output left out]", back);
    }
}
