using Kaya.Orchestrator.Config;

namespace Kaya.Orchestrator.Tests.Config;

public sealed class ShellWordsTests
{
    [Fact]
    public void Quotes_and_backslashes_are_honoured_as_a_shell_would()
    {
        var words = ShellWords.Split(""" --exclude='*.tmp' "/srv/my data" a\ b "say \"hi\"" 'it''s' /  # the root""", "restic_args", "h.conf:1");

        Assert.Equal(["--exclude=*.tmp", "/srv/my data", "a b", "say \"hi\"", "its", "/"], words);
    }

    [Fact]
    public void An_empty_quoted_word_is_a_word() => Assert.Equal(["--tag", ""], ShellWords.Split("--tag ''", "k", "w"));

    [Theory]
    [InlineData("/ ; rm -rf /", ';')]
    [InlineData("$HOME", '$')]
    [InlineData("\"$(id)\"", '$')]
    [InlineData("/ | tee", '|')]
    public void Shell_operators_are_refused_rather_than_passed_on(string text, char op)
    {
        var e = Assert.Throws<ConfigException>(() => ShellWords.Split(text, "restic_args", "h.conf:3"));
        Assert.StartsWith("h.conf:3: restic_args: '" + op + "'", e.Message);
    }

    [Fact]
    public void An_unclosed_quote_is_an_error() =>
        Assert.Contains("missing closing '", Assert.Throws<ConfigException>(() => ShellWords.Split("'/srv", "restic_args", "h.conf:2")).Message);
}
