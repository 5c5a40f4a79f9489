using Kaya.Orchestrator.Config;
using Kaya.Orchestrator.Runs;
using Kaya.Storage.S3;

namespace Kaya.Orchestrator.Lifecycle;

/// <summary>
/// A host's repository as the backup host's own restic opens it: the folder <c>backup_root/HOST</c> (which always
/// holds the kept password, and the whole repository on the file system), or the host's prefix in the bucket of
/// kaya.conf's <c>storage=s3://BUCKET/PREFIX</c>. The one place that turns (config, host) into restic's <c>-r</c>.
/// </summary>
/// <param name="BackupRoot">kaya.conf's backup_root</param>
/// <param name="Host">the HOST: the folder's name, and the repository's name under the bucket's prefix</param>
public sealed record ResticRepository(string BackupRoot, string Host)
{
    /// <summary>Where the repository lives when not under backup_root: kaya.conf's storage=, s3_endpoint, s3_region; null: the folder.</summary>
    public S3StoreOptions? Storage { get; init; }

    /// <summary>
    /// The history database (kaya.conf's history_db): a repository in a bucket has its arrivals read from its
    /// <c>ledger</c> table, as orchestrated runs record them there; null: none is read.
    /// </summary>
    public string? HistoryDb { get; init; }

    /// <summary>HOST's repository under <paramref name="config"/>'s backup_root and storage.</summary>
    public static ResticRepository For(KayaConfig config, string host) =>
        new(config.BackupRoot, host) { Storage = config.Storage, HistoryDb = config.HistoryDb };

    /// <summary>The repository in <paramref name="folder"/> (backup_root/HOST) on the file system.</summary>
    public static ResticRepository InFolder(string folder)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder));
        return new(Path.GetDirectoryName(full) ?? "/", Path.GetFileName(full));
    }

    /// <summary>backup_root/HOST: the kept password, the ledger file, host-side state; the repository itself unless <see cref="InBucket"/>.</summary>
    public string Folder => Path.Combine(BackupRoot, Host);

    /// <summary>backup_root/HOST/repo-password-keep, passed as <c>--password-file</c> (never on a command line or in an environment).</summary>
    public string PasswordFile => Path.Combine(Folder, RepositoryPassword.FileName);

    /// <summary>Whether the repository lives in a bucket, so its files are not under <see cref="Folder"/>.</summary>
    public bool InBucket => Storage is not null;

    /// <summary>restic's repository argument: the folder, or <see cref="S3Location"/>.</summary>
    public string Location => Storage is { } s3 ? S3Location(s3, Host) : Folder;

    /// <summary>
    /// restic 0.14's s3 backend location of HOST's repository: <c>s3:ENDPOINT/BUCKET/PREFIX/HOST</c> with the endpoint's
    /// scheme (http selects plain HTTP, as restic's ParseConfig reads it), or <c>s3:s3.amazonaws.com/…</c> without an
    /// endpoint (AWS's own; restic finds the bucket's region unless it is given). The key layout under it is
    /// rest-server's, which restic's s3 backend reads (<see cref="S3Layout"/>).
    /// </summary>
    public static string S3Location(S3StoreOptions s3, string host)
    {
        var endpoint = s3.Endpoint is { } e ? e.GetLeftPart(UriPartial.Authority) : "s3.amazonaws.com";
        var prefix = s3.Prefix.Trim('/');
        return $"s3:{endpoint}/{s3.Bucket}/{(prefix.Length > 0 ? prefix + "/" : "")}{host}";
    }

    /// <summary>
    /// restic's global flags for this repository: <c>-r LOCATION</c>, in a bucket with s3_region set to other than
    /// <see cref="S3StoreOptions.DefaultRegion"/> <c>-o s3.region=REGION</c> (else restic asks the store for the bucket's
    /// region, which RGW answers as the default), and <c>--password-file</c>. Credentials never appear: restic's s3 backend
    /// reads AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or AWS_SHARED_CREDENTIALS_FILE/~/.aws/credentials with AWS_PROFILE,
    /// from the environment Kaya passes on, as Kaya's own client does.
    /// </summary>
    public IReadOnlyList<string> GlobalArguments() => Storage is { Region: not S3StoreOptions.DefaultRegion } s3
        ? ["-r", Location, "-o", $"s3.region={s3.Region}", "--password-file", PasswordFile]
        : ["-r", Location, "--password-file", PasswordFile];

    /// <summary>The repository for messages: the folder, or the bucket location and the folder of its password.</summary>
    public override string ToString() => Storage is null ? Folder : $"{Location} (password in {Folder})";
}
