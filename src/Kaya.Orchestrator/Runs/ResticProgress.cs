namespace Kaya.Orchestrator.Runs;

/// <summary>One of restic's <c>--json</c> status messages: how far the backup is. Bytes and files are counts; null: restic has not said yet.</summary>
public sealed record ResticProgress(double Fraction, long BytesDone, long BytesTotal, long FilesDone, long FilesTotal, long? SecondsRemaining)
{
    /// <summary>The terminal line: <c>42.0% 1.2 GiB / 3.0 GiB, 1200/5000 files, ETA 0:03:12</c>.</summary>
    public string ToLine() =>
        $"{Fraction * 100:0.0}% {ByteText.Format(BytesDone)} / {ByteText.Format(BytesTotal)}, {FilesDone}/{FilesTotal} files" +
        (SecondsRemaining is { } s ? $", ETA {TimeSpan.FromSeconds(s):h\\:mm\\:ss}" : "");
}
