using System.Text.Json;
using Kaya.Orchestrator.History;
using Kaya.Orchestrator.Monitoring;

namespace Kaya.Orchestrator.Tests.Lifecycle;

/// <summary><c>kaya scrub</c> as a user runs it, on a real restic repository; its history row and metrics.</summary>
public sealed class ScrubCommandTests(ScrubRepository template) : IClassFixture<ScrubRepository>, IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private string BackupRoot => _folder.Combine("root");

    private Task<ProgramResult> ScrubAsync(params string[] args)
    {
        var hosts = Directory.CreateDirectory(_folder.Combine("hosts.d")).FullName;
        var config = _folder.Combine("kaya.conf");
        File.WriteAllText(config, $"backup_root={BackupRoot}\nhosts_dir={hosts}\n# no limit worth waiting for in a test\nscrub_rate=1G\n");
        return LocalPrograms.KayaAsync(["scrub", "-c", config, .. args]);
    }

    private string Repository()
    {
        var into = new TempFolder();
        Directory.CreateDirectory(BackupRoot);
        var copy = template.CopyTo(into);
        Directory.Move(copy, Path.Combine(BackupRoot, "www1"));
        into.Dispose();
        return Path.Combine(BackupRoot, "www1");
    }

    [Fact]
    public async Task A_clean_repository_scrubs_clean_and_exits_0()
    {
        Repository();

        var result = await ScrubAsync();

        Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
        Assert.Matches(@"^www1: \d+ objects, [\d.]+ MiB re-hashed in [\d.]+ s: clean\n$", result.Stdout);
    }

    [Fact]
    public async Task A_flipped_byte_exits_1_with_one_line_naming_the_object_and_is_recorded_and_exported()
    {
        var repository = Repository();
        var pack = Directory.EnumerateFiles(Path.Combine(repository, "data"), "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).First();
        var bytes = File.ReadAllBytes(pack);
        bytes[bytes.Length / 2] ^= 0x01;
        File.WriteAllBytes(pack, bytes);
        var relative = Path.GetRelativePath(repository, pack);

        var result = await ScrubAsync("www1", "--rate", "500M");

        Assert.Equal(1, result.ExitCode);
        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith($"www1: corrupt {relative}: ", lines[0]);
        Assert.EndsWith(": 1 problem (1 corrupt)", lines[1]);

        var history = await HistoryStore.OpenAsync(Path.Combine(BackupRoot, ".kaya", "history.db"));
        var scrub = Assert.Single(await history.GetLastScrubsAsync());
        Assert.Equal(("www1", true, 1, 1), (scrub.Host, scrub.Completed, scrub.CorruptObjects, scrub.Findings));
        var metrics = FleetMetrics.Render([]) + FleetMetrics.RenderScrubs(await history.GetLastScrubsAsync());
        Assert.Contains("kaya_scrub_corrupt_objects{host=\"www1\"} 1\n", metrics);
        Assert.Contains($"kaya_scrub_last_timestamp_seconds{{host=\"www1\"}} {scrub.Finished.ToUnixTimeSeconds()}\n", metrics);
        var path = _folder.Combine("kaya.prom");
        await FleetMetrics.WriteTextfileAsync(path, metrics);
        var check = await Programs.RunAsync("sh", ["-c", $"promtool check metrics < '{path}'"]);
        Assert.True(check.ExitCode == 0, check.Stdout + check.Stderr);
    }

    [Fact]
    public async Task Json_gives_one_object_per_host_with_its_findings()
    {
        var repository = Repository();
        File.WriteAllText(Path.Combine(repository, "data", "stray"), "not an object");

        var result = await ScrubAsync("--json");

        Assert.Equal(1, result.ExitCode);
        var only = Assert.Single(JsonDocument.Parse(result.Stdout).RootElement.EnumerateArray());
        var finding = Assert.Single(only.GetProperty("findings").EnumerateArray());
        Assert.Equal("misplaced", finding.GetProperty("kind").GetString());
    }

    [Fact]
    public async Task An_unknown_host_is_named_and_exits_with_the_config_code()
    {
        Repository();

        var result = await ScrubAsync("nohost");

        Assert.Equal(ExitCodes.Config, result.ExitCode);
        Assert.Contains("nohost", result.Stderr);
    }
}
