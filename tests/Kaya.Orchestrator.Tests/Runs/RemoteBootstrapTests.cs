using Kaya.Orchestrator.Runs;

namespace Kaya.Orchestrator.Tests.Runs;

public sealed class RemoteBootstrapTests
{
    [Fact]
    public async Task Quoted_words_reach_sh_byte_for_byte()
    {
        string[] words = ["plain", "with space", "it's", "$HOME", "*", "a\"b", "back\\slash", "new\nline", ""];
        var line = "printf '%s|' " + string.Join(' ', words.Select(RemoteBootstrap.Quote));

        var result = await Programs.RunAsync("sh", ["-c", line]);

        Assert.Equal(string.Join('|', words) + "|", result.Stdout);
    }

    [Fact]
    public void The_scripts_exit_codes_come_from_the_one_table()
    {
        Assert.Contains($"exit {ExitCodes.BootstrapIncompleteParameters}; }}", RemoteBootstrap.Script);
        Assert.Contains($"status={ExitCodes.ResticNotInstalled}", RemoteBootstrap.Script);
        Assert.Equal((90, 127, 3), (ExitCodes.BootstrapIncompleteParameters, ExitCodes.ResticNotInstalled, ExitCodes.ResticIncomplete));
    }

    [Fact]
    public async Task The_bootstrap_parses_in_sh_and_reports_an_incomplete_stdin()
    {
        // Run the real command line locally with empty stdin: sh must parse the script and stop at once.
        var result = await Programs.RunAsync("sh", ["-c", RemoteBootstrap.CommandLine("backup", ["/srv"]) + " </dev/null"]);

        Assert.Equal(RemoteBootstrap.IncompleteParameters, result.ExitCode);
        Assert.Contains("parameters on stdin ended early", result.Stderr);
    }

    [Fact]
    public void Secrets_go_to_stdin_and_never_into_the_command_line()
    {
        var command = RemoteBootstrap.CommandLine("backup", ["--one-file-system", "/"]);
        var stdin = RemoteBootstrap.Parameters("nonce", 8777, "www1", "Http9f8e", "Repo7d6c", init: true);

        Assert.DoesNotContain("Http9f8e", command);
        Assert.DoesNotContain("Repo7d6c", command);
        Assert.Equal("nonce\n8777\nwww1\nHttp9f8e\nRepo7d6c\ninit\n", stdin);
    }
}
