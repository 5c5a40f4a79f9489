namespace Kaya.Orchestrator.Tests;

public sealed class TerminalTextTests
{
    [Theory]
    [InlineData("\u001b[2Ksignal interrupt received", "signal interrupt received")]
    [InlineData("\r\u001b[Kfiles: 3\u0007", "files: 3")]
    [InlineData("\u001b]0;title\u0007plain\ttab", "plain\ttab")]
    [InlineData("nothing to strip", "nothing to strip")]
    public void Terminal_escapes_and_control_characters_are_removed(string line, string expected) =>
        Assert.Equal(expected, TerminalText.Strip(line));
}
