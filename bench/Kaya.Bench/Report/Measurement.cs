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
    public static readonly Row ResticRestore = new("restic-restore", "restic restore", "s", false);
    public static readonly Row ResticTotal = new("restic-total", "restic end to end (sum)", "s", false);
    public static readonly Row Tunnel = new("tunnel", "backup through the tunnel", "s", false);

    public static readonly Row[] InOrder = [RawUpload, SmallObjects, Listing, Auth, ResticInit, ResticBackup, ResticBackup2, ResticRestore, ResticTotal, Tunnel];
}
