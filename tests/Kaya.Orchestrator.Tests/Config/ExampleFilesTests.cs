using System.Text.RegularExpressions;
using Kaya.Orchestrator.Config;
using Kaya.Orchestrator.Fleet;
using Kaya.Orchestrator.Tests.Support;

namespace Kaya.Orchestrator.Tests.Config;

/// <summary>The shipped examples document every key, and every example line reads when uncommented.</summary>
public sealed partial class ExampleFilesTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static string Repository([System.Runtime.CompilerServices.CallerFilePath] string here = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "..", "..", ".."));

    private static string Uncommented(string file) => KeyLine().Replace(File.ReadAllText(file), "$1");

    [Fact]
    public void Kaya_conf_example_reads_with_every_key_uncommented()
    {
        var text = Uncommented(Path.Combine(Repository(), "kaya.conf.example"));

        var config = KayaConfigParser.Parse(text, "kaya.conf.example");

        Assert.NotNull(config.OnFailure);
        Assert.NotNull(config.BackupWindow);
        foreach (var key in (string[])["hosts_dir", "max_parallel", "stagger", "retry_backoff", "history_db", "metrics_textfile", "status_listen",
            "status_htpasswd", "status_tls_cert", "status_tls_key", "shutdown_timeout", "backup_window", "on_failure", "on_stale", "on_recovery", "on_success", "hook_timeout",
            "scrub_interval", "forget_interval", "forget_prune", "keep_daily"])
            Assert.Matches($"(?m)^{key}=", text);
    }

    [Fact]
    public void The_hosts_d_example_reads_with_every_key_uncommented()
    {
        var path = _folder.Combine("www1.example.com.conf");
        File.WriteAllText(path, Uncommented(Path.Combine(Repository(), "contrib", "hosts.d", "www1.example.com.conf.example")));

        var host = HostConfigParser.Load(path);

        Assert.Equal("www1.example.com", host.Name);
        Assert.Contains("/srv/web data", host.ResticArgs!);
        Assert.Equal(500L << 30, host.Quota);
        foreach (var key in (string[])["restic_args", "user", "ssh_port", "ssh_identity", "ssh_transport", "remote_port", "interval", "max_age", "enabled", "quota"])
            Assert.Matches($"(?m)^{key}=", File.ReadAllText(path));
    }

    [GeneratedRegex(@"(?m)^#([a-z_]+=)")]
    private static partial Regex KeyLine();
}
