using Kaya.Orchestrator.Config;

namespace Kaya.Orchestrator.Tests.Config;

public sealed class KayaConfigParserTests
{
    // The shape of the original Bash kaya's /etc/kaya.conf.
    private const string Original = """
        # kaya configuration

        # where the repositories live, one folder per host
        backup_root=/srv/backups/kaya/

        # rest-server's port on the backup host
        local_port=8000    # must match rest-server --listen

        # the port the tunnel binds on each target
        remote_port=8777
        """;

    [Fact]
    public void The_original_kaya_conf_parses_unchanged()
    {
        var config = KayaConfigParser.Parse(Original, "/etc/kaya.conf");

        Assert.Equal("/srv/backups/kaya/", config.BackupRoot);
        Assert.Equal(8777, config.RemotePort);
        Assert.Equal(22, config.SshPort);
        Assert.Equal(SshTransportKind.OpenSsh, config.SshTransport);
        Assert.Null(config.SshIdentity);
        Assert.EndsWith("/.ssh/known_hosts", config.SshKnownHosts);
    }

    [Fact]
    public void Storage_names_a_bucket_with_its_endpoint_and_region_in_either_order()
    {
        var config = KayaConfigParser.Parse("""
            backup_root=/srv/kaya
            s3_endpoint=http://rgw.example:7480
            storage=s3://backups/kaya/fleet/
            s3_region=eu-west-1
            """, "/etc/kaya.conf");

        var storage = Assert.IsType<Kaya.Storage.S3.S3StoreOptions>(config.Storage);
        Assert.Equal("backups", storage.Bucket);
        Assert.Equal("kaya/fleet", storage.Prefix);
        Assert.Equal(new Uri("http://rgw.example:7480"), storage.Endpoint);
        Assert.Equal("eu-west-1", storage.Region);
        Assert.Null(KayaConfigParser.Parse("backup_root=/srv/kaya\nstorage=\n", "/etc/kaya.conf").Storage);
    }

    [Theory]
    [InlineData("storage=/srv/elsewhere", ":2: /srv/elsewhere: expected s3://BUCKET/PREFIX")]
    [InlineData("storage=s3://Bad_Bucket/x", ":2: s3://Bad_Bucket/x: \"Bad_Bucket\" is not a bucket name")]
    [InlineData("storage=s3://backups\ns3_endpoint=rgw:7480", ":3: rgw:7480: expected an S3 endpoint URL")]
    [InlineData("s3_region=eu-west-1", ":2: s3_endpoint and s3_region need storage=s3://BUCKET/PREFIX")]
    public void A_bad_storage_setting_names_its_line(string lines, string expected)
    {
        var e = Assert.Throws<ConfigException>(() => KayaConfigParser.Parse("backup_root=/srv/kaya\n" + lines, "/etc/kaya.conf"));

        Assert.StartsWith("/etc/kaya.conf" + expected, e.Message);
    }

    [Fact]
    public void Every_new_key_is_read_with_quotes_and_trailing_comments()
    {
        var config = KayaConfigParser.Parse("""
            backup_root="/srv/backups with space"  # quoted
            remote_port=0
            ssh_port='2222'
            ssh_identity=/root/.ssh/kaya_ed25519
            ssh_known_hosts=~/.ssh/kaya_known_hosts
            ssh_transport=sshnet # in-process
            connect_timeout=10s
            """, "k.conf");

        Assert.Equal("/srv/backups with space", config.BackupRoot);
        Assert.Equal(0, config.RemotePort);
        Assert.Equal(2222, config.SshPort);
        Assert.Equal("/root/.ssh/kaya_ed25519", config.SshIdentity);
        Assert.False(config.SshKnownHosts.StartsWith('~'));
        Assert.EndsWith("/.ssh/kaya_known_hosts", config.SshKnownHosts);
        Assert.Equal(SshTransportKind.SshNet, config.SshTransport);
        Assert.Equal(TimeSpan.FromSeconds(10), config.ConnectTimeout);
    }

    [Fact]
    public void A_hash_inside_a_word_is_part_of_the_value_as_in_sh()
    {
        var config = KayaConfigParser.Parse("backup_root=/srv/kaya#1 # comment\n", "k.conf");

        Assert.Equal("/srv/kaya#1", config.BackupRoot);
    }

    [Theory]
    [InlineData("backup_root=/b\nbackup_rot=/c\n", "k.conf:2", "unknown key \"backup_rot\"")]
    [InlineData("backup_root=/b\n\nremote_port=http\n", "k.conf:3", "remote_port=http")]
    [InlineData("backup_root=/b\nssh_port=0\n", "k.conf:2", "ssh_port=0")]
    [InlineData("backup_root=/b\nremote_port=65536\n", "k.conf:2", "65536")]
    [InlineData("backup_root=/b\nssh_transport=putty\n", "k.conf:2", "openssh or sshnet")]
    [InlineData("# c\nbackup_root=relative/path\n", "k.conf:2", "absolute path")]
    [InlineData("backup_root=/b\nconnect_timeout=-1\n", "k.conf:2", "connect_timeout")]
    [InlineData("backup_root=\"/b\n", "k.conf:1", "closing")]
    [InlineData("backup_root=/b\njust words\n", "k.conf:2", "expected key=value")]
    [InlineData("remote_port=8777\n", "k.conf", "backup_root is required")]
    public void A_bad_config_names_the_file_and_line(string text, string where, string what)
    {
        var e = Assert.Throws<ConfigException>(() => KayaConfigParser.Parse(text, "k.conf"));

        Assert.StartsWith(where + ":", e.Message);
        Assert.Contains(what, e.Message);
        Assert.False(e.IsTransient);
    }

    [Fact]
    public void An_unknown_key_near_none_lists_the_known_ones()
    {
        var e = Assert.Throws<ConfigException>(() => KayaConfigParser.Parse("backup_root=/b\ncolour=blue\n", "k.conf"));

        Assert.StartsWith("k.conf:2: unknown key \"colour\" (known: backup_root, ", e.Message);
        Assert.DoesNotContain("did you mean", e.Message);
    }

    [Fact]
    public void An_unknown_key_near_a_known_one_names_it()
    {
        var e = Assert.Throws<ConfigException>(() => KayaConfigParser.Parse("backup_root=/b\nmax_paralel=3\n", "k.conf"));

        Assert.Equal("k.conf:2: unknown key \"max_paralel\" (did you mean 'max_parallel'?)", e.Message);
    }

    [Fact]
    public void Collecting_reports_every_bad_line_and_keeps_the_good_ones()
    {
        var errors = new List<string>();

        var config = KayaConfigParser.Parse("max_paralel=3\njust words\nstagger=often\nmax_parallel=5\n", "k.conf", errors);

        Assert.Equal(5, config.MaxParallel);
        Assert.Equal(4, errors.Count);
        Assert.StartsWith("k.conf:1: unknown key \"max_paralel\"", errors[0]);
        Assert.Equal("k.conf:2: expected key=value, got \"just words\"", errors[1]);
        Assert.StartsWith("k.conf:3: stagger=often", errors[2]);
        Assert.StartsWith("k.conf: backup_root is required", errors[3]);
    }

    [Fact]
    public void A_missing_config_file_is_a_config_error_naming_it()
    {
        var e = Assert.Throws<ConfigException>(() => KayaConfigParser.Load("/nonexistent/kaya.conf"));

        Assert.StartsWith("/nonexistent/kaya.conf:", e.Message);
    }

    [Fact]
    public void The_example_config_documents_every_key_and_parses()
    {
        var example = Path.Combine(RepositoryRoot(), "kaya.conf.example");
        var text = File.ReadAllText(example);

        KayaConfigParser.Parse(text, example);
        foreach (var key in new[] { "backup_root", "remote_port", "local_port", "ssh_port", "ssh_identity", "ssh_known_hosts", "ssh_transport", "connect_timeout" })
            Assert.Contains(key + "=", text);
    }

    private static string RepositoryRoot()
    {
        var dir = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(dir, "Kaya.sln"))) dir = Path.GetDirectoryName(dir)!;
        return dir;
    }
}
