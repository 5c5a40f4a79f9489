using Kaya.Orchestrator.History;

namespace Kaya.Orchestrator.Tests.Fleet;

/// <summary>One sshd on six loopback addresses and one small source tree, for every fleet test of a test run.</summary>
public sealed class FleetFixture : IAsyncLifetime
{
    private readonly TempFolder _folder = new("kaya-fleet-");
    private Sshd? _sshd;

    public Sshd Sshd => _sshd!;

    /// <summary>A few small files: the tests measure scheduling, not throughput.</summary>
    public string Source => _folder.Combine("source");

    public async Task InitializeAsync()
    {
        _sshd = await Sshd.StartAsync(new SshdOptions { Addresses = 6 });
        Directory.CreateDirectory(Source);
        for (var i = 0; i < 5; i++) File.WriteAllText(Path.Combine(Source, $"file{i}.txt"), new string((char)('a' + i), 10_000));
    }

    public async Task DisposeAsync()
    {
        if (_sshd is not null) await _sshd.DisposeAsync();
        _folder.Dispose();
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FleetCollection : ICollectionFixture<FleetFixture>
{
    public const string Name = "fleet (real sshd and restic, timing-sensitive)";
}

/// <summary>One fleet set-up in a fresh folder: kaya.conf, hosts.d, known_hosts, backup_root.</summary>
internal sealed class FleetSite : IDisposable
{
    private readonly TempFolder _folder = new("kaya-site-");
    private readonly FleetFixture _fixture;

    public FleetSite(FleetFixture fixture, string extraConfig = "")
    {
        _fixture = fixture;
        Directory.CreateDirectory(HostsDir);
        Directory.CreateDirectory(BackupRoot);
        File.WriteAllLines(_folder.Combine("known_hosts"), fixture.Sshd.Hosts.Select(fixture.Sshd.KnownHostsLineFor));
        File.WriteAllText(Config, $"""
            backup_root={BackupRoot}
            hosts_dir={HostsDir}
            remote_port=0
            ssh_port={fixture.Sshd.Port}
            ssh_identity={fixture.Sshd.ClientKey}
            ssh_known_hosts={_folder.Combine("known_hosts")}
            stagger=0
            retry_backoff=1s,1s
            {extraConfig}
            """);
    }

    public string Config => _folder.Combine("kaya.conf");
    public string HostsDir => _folder.Combine("hosts.d");
    public string BackupRoot => _folder.Combine("root");
    public string Combine(string name) => _folder.Combine(name);

    /// <summary>Writes hosts.d/HOST.conf backing up the fixture's source tree as the test's own user.</summary>
    public void AddHost(string host, string extra = "") =>
        File.WriteAllText(Path.Combine(HostsDir, host + ".conf"), $"restic_args={_fixture.Source}\nuser={_fixture.Sshd.User}\n{extra}\n");

    public Task<HistoryStore> HistoryAsync() => HistoryStore.OpenAsync(Path.Combine(BackupRoot, ".kaya", "history.db"));

    public void Dispose() => _folder.Dispose();
}
