namespace Kaya.Storage.S3.Tests.Support;

/// <summary>A kaya.conf whose repositories live under <c>s3://BUCKET/fleet</c>, reaching the test sshd, and <c>kaya HOST backup</c> with it.</summary>
public sealed class BucketFleet
{
    private readonly TestBucket _bucket;
    private readonly Sshd _sshd;

    public BucketFleet(TempFolder folder, TestBucket bucket, Sshd sshd)
    {
        _bucket = bucket;
        _sshd = sshd;
        var knownHosts = folder.Combine("known_hosts");
        File.WriteAllText(knownHosts, sshd.KnownHostsLine + "\n");
        BackupRoot = Directory.CreateDirectory(folder.Combine("backups")).FullName;
        Config = folder.Combine("kaya.conf");
        File.WriteAllText(Config, $"""
            backup_root={BackupRoot}
            remote_port=0
            ssh_port={sshd.Port}
            ssh_identity={sshd.ClientKey}
            ssh_known_hosts={knownHosts}
            storage={bucket.Storage("fleet")}
            s3_endpoint={bucket.Cluster.Endpoint}
            """);
    }

    public string BackupRoot { get; }

    public string Config { get; }

    /// <summary><c>kaya -c CONFIG -u USER 127.0.0.1 backup -- SOURCE</c>, with the bucket's credentials in its environment.</summary>
    public Task<ProgramResult> BackupAsync(string source) => TargetAsync("backup", "--", source);

    /// <summary><c>kaya -c CONFIG -u USER 127.0.0.1 ARGS</c> (a run on the target over SSH), with the bucket's credentials in its environment.</summary>
    public Task<ProgramResult> TargetAsync(params string[] args) =>
        Programs.RunAsync("dotnet", [KayaCli.Dll, "-c", Config, "-u", _sshd.User, "127.0.0.1", .. args], _bucket.Environment());

    /// <summary><c>kaya -c CONFIG ARGS</c> (a fleet command such as scrub), with the bucket's credentials in its environment.</summary>
    public Task<ProgramResult> KayaAsync(params string[] args) =>
        Programs.RunAsync("dotnet", [KayaCli.Dll, "-c", Config, .. args], _bucket.Environment());

    /// <summary><c>kaya -c CONFIG 127.0.0.1 ARGS</c> (the backup host's own commands), with the bucket's credentials in its environment.</summary>
    public Task<ProgramResult> HostAsync(params string[] args) =>
        Programs.RunAsync("dotnet", [KayaCli.Dll, "-c", Config, "127.0.0.1", .. args], _bucket.Environment());
}
