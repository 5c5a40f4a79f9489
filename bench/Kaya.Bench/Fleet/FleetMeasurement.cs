namespace Kaya.Bench.Fleet;

/// <summary>
/// One fleet variant in one round, as seen from the backup host (the target's sshd and restic are not counted).
/// </summary>
/// <param name="Variant">"kaya run --parallel P" or "N × kaya HOST backup"</param>
/// <param name="Parallel">P for kaya run; 0 for the separate processes</param>
/// <param name="WallSeconds">from the first start to the last exit</param>
/// <param name="CpuSeconds">utime+stime of the kaya processes and of every child they reaped (the OpenSSH clients), exact: the generator's own cutime+cstime before and after</param>
/// <param name="PeakKayaRssKiB">the highest sum of VmRSS over the kaya processes alive at one sample (every 50 ms)</param>
/// <param name="PeakAllRssKiB">the same over the kaya processes and their ssh clients</param>
/// <param name="PeakAllPssKiB">the same in PSS (smaps_rollup): shared pages divided among the processes that map them</param>
/// <param name="PeakProcesses">the most kaya and ssh processes seen at one sample</param>
public sealed record FleetMeasurement(string Variant, int Parallel, double WallSeconds, double CpuSeconds,
    long PeakKayaRssKiB, long PeakAllRssKiB, long PeakAllPssKiB, int PeakProcesses)
{
    public bool IsSeparate => Parallel == 0;
}
