using Kaya.Orchestrator.Monitoring;
using Kaya.Orchestrator.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Kaya.Orchestrator.Tests.Monitoring;

public sealed class HookRunnerTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static HookEvent Failure(string host = "www1", string reason = "restic exited 1") => new()
    {
        Kind = HookKind.Failure, Host = host, State = HostState.Failing, Outcome = "failed", Reason = reason,
        LastSuccess = DateTimeOffset.Parse("2026-11-27T01:00:00Z"),
    };

    [Fact]
    public async Task The_hook_gets_its_data_only_in_an_allowlisted_environment()
    {
        Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", "leak");
        var env = _folder.Combine("env");

        var result = await new HookRunner(TimeProvider.System).RunAsync($"env > '{env}'", Failure(), TimeSpan.FromMinutes(1));

        Assert.Equal(0, result.ExitCode);
        var names = File.ReadAllLines(env).Select(l => l[..l.IndexOf('=')]).Where(n => n is not ("PWD" or "SHLVL" or "_" or "OLDPWD")).Order().ToList();
        Assert.All(names, n => Assert.True(n is "PATH" or "HOME" or "LANG" || n.StartsWith("KAYA_", StringComparison.Ordinal), n));
        var lines = File.ReadAllLines(env);
        Assert.Contains("KAYA_HOST=www1", lines);
        Assert.Contains("KAYA_OUTCOME=failed", lines);
        Assert.Contains("KAYA_REASON=restic exited 1", lines);
        Assert.Contains("KAYA_LAST_SUCCESS=2026-11-27T01:00:00Z", lines);
        Assert.Contains("KAYA_EVENT=failure", lines);
    }

    [Fact]
    public async Task A_host_name_is_never_interpolated_into_the_command()
    {
        var marker = _folder.Combine("pwned");
        var result = await new HookRunner(TimeProvider.System).RunAsync("printf '%s' \"$KAYA_HOST\"", Failure(host: $"$(touch {marker})"), TimeSpan.FromMinutes(1));

        Assert.Equal($"$(touch {marker})", result.Output);
        Assert.False(File.Exists(marker));
    }

    [Fact]
    public void A_reason_becomes_one_printable_line_of_at_most_300_characters()
    {
        var reason = HookRunner.OneLine("line one\nline\ttwo\u0007 " + new string('x', 400));

        Assert.StartsWith("line one line two ", reason);
        Assert.Equal(300, reason.Length);
        Assert.DoesNotContain(reason, char.IsControl);
    }

    [Fact]
    public async Task At_its_timeout_the_hooks_whole_process_group_is_killed()
    {
        var time = new FakeTimeProvider();
        var childPid = _folder.Combine("child");
        var running = new HookRunner(time).RunAsync($"sleep 600 & echo $! > '{childPid}.tmp'; mv '{childPid}.tmp' '{childPid}'; wait", Failure(), TimeSpan.FromSeconds(30));
        while (!File.Exists(childPid)) await Task.Delay(10);
        var pid = File.ReadAllText(childPid).Trim();

        time.Advance(TimeSpan.FromSeconds(30));
        var result = await running;

        Assert.True(result.TimedOut);
        Assert.Null(result.ExitCode);
        // The orphaned sleep is reaped by init; wait for it to go rather than for a time.
        for (var i = 0; i < 500 && IsAlive(pid); i++) await Task.Delay(10);
        Assert.False(IsAlive(pid));
    }

    private static bool IsAlive(string pid) =>
        File.Exists($"/proc/{pid}/stat") && !File.ReadAllText($"/proc/{pid}/stat").Split(' ')[2].Equals("Z", StringComparison.Ordinal);
}
