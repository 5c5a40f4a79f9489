using System.Diagnostics;
using System.Security.Cryptography;
using Kaya.Bench.Data;
using Kaya.Bench.Sys;

namespace Kaya.Bench.Rows;

/// <summary>What this machine allows at best, measured in the same run: the ceilings for rows 1 and 5.</summary>
public static class PhysicalLimits
{
    /// <summary>
    /// Blobs written straight from memory as a durable server must: temp file, fsync, rename to the
    /// final name, fsync of the directory; by Parallel writers. The ceiling for rows 1 and 2.
    /// </summary>
    public static async Task<(double MBps, double FilesPerSecond)> DurableWriteAsync(BenchContext context, Blob[] blobs, CancellationToken ct)
    {
        var folder = context.FreshFolder("limit", "disk");
        try
        {
            for (var i = 0; i < 256; i++) Directory.CreateDirectory(Path.Combine(folder, i.ToString("x2")));
            var clock = Stopwatch.StartNew();
            await Parallel.ForEachAsync(blobs, new ParallelOptions { MaxDegreeOfParallelism = BenchSettings.Parallel, CancellationToken = ct }, async (blob, token) =>
            {
                var dir = Path.Combine(folder, blob.Id[..2]);
                var temp = Path.Combine(dir, "." + blob.Id + ".tmp");
                await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous))
                {
                    await file.WriteAsync(blob.Bytes, token);
                    file.Flush(flushToDisk: true);
                }
                File.Move(temp, Path.Combine(dir, blob.Id));
                Posix.FsyncDirectory(dir);
            });
            var seconds = clock.Elapsed.TotalSeconds;
            return (blobs.Sum(b => (double)b.Bytes.Length) / seconds / 1e6, blobs.Length / seconds);
        }
        finally
        {
            BenchContext.Remove(folder);
        }
    }

    /// <summary>SHA-256 on one core over the raw-upload blobs (what verifying an upload costs): MB/s.</summary>
    public static double Sha256(Blob[] blobs)
    {
        Span<byte> hash = stackalloc byte[32];
        var clock = Stopwatch.StartNew();
        var bytes = 0.0;
        foreach (var blob in blobs)
        {
            SHA256.HashData(blob.Bytes, hash);
            bytes += blob.Bytes.Length;
        }
        return bytes / clock.Elapsed.TotalSeconds / 1e6;
    }
}
