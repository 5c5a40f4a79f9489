namespace Kaya.Bench.Report;

/// <summary>One figure from one server in one round, with what the server spent on it.</summary>
/// <param name="CpuSeconds">the server's utime+stime during the measured work (for the tunnel rows: the target's sshd)</param>
/// <param name="PeakRssKiB">the server's VmHWM: its peak resident set since it started</param>
public sealed record Measurement(Row Row, string Server, double Value, double CpuSeconds, long PeakRssKiB);

/// <summary>A table row: what is measured, in which unit, and which direction is better.</summary>
public sealed record Row(string Key, string Title, string Unit, bool HigherIsBetter)
{
    public static readonly Row RawUpload = new("raw", "raw upload", "MB/s", true);
    public static readonly Row SmallObjects = new("small", "small objects", "req/s", true);
    public static readonly Row Listing = new("listing", "v2 listing of data/", "ms", false);
    public static readonly Row Auth = new("auth", "authenticated HEADs", "req/s", true);
    public static readonly Row ResticInit = new("restic-init", "restic init", "s", false);
    public static readonly Row ResticBackup = new("restic-backup", "restic first backup", "s", false);
    public static readonly Row ResticBackup2 = new("restic-backup2", "restic unchanged backup", "s", false);
    public static readonly Row ResticRestore = new("restic-restore", "restic restore (cold)", "s", false);
    public static readonly Row ResticTotal = new("restic-total", "restic end to end (sum)", "s", false);
    /// <summary>Not part of the sum: restic reads every pack back (from a cold cache, as the restore).</summary>
    public static readonly Row ResticCheck = new("restic-check", "restic check --read-data (cold)", "s", false);
    public static readonly Row Tunnel = new("tunnel", "backup through the tunnel", "s", false);

    /// <summary>The same row with the repository in an S3 bucket (Ceph RGW) instead of a folder: see ObjectStore/.</summary>
    public Row OnS3() => Key.StartsWith("s3-", StringComparison.Ordinal) ? this : new("s3-" + Key, "s3: " + Title.Replace(" (cold)", ""), Unit, HigherIsBetter);

    public static readonly Row[] InOrder =
    [
        RawUpload, SmallObjects, Listing, Auth, ResticInit, ResticBackup, ResticBackup2, ResticRestore, ResticTotal, ResticCheck, Tunnel,
        RawUpload.OnS3(), SmallObjects.OnS3(), Listing.OnS3(), ResticInit.OnS3(), ResticBackup.OnS3(), ResticBackup2.OnS3(),
        ResticRestore.OnS3(), ResticTotal.OnS3(), ResticCheck.OnS3(),
    ];
}
