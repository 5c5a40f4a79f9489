using System.Diagnostics;
using System.Security.Cryptography;
using Kaya.Bench.Data;
using Kaya.Bench.Sys;

namespace Kaya.Bench.Rows;

/// <summary>What this machine allows at best, measured in the same run: the ceilings for rows 1 and 5.</summary>
public static class PhysicalLimits
{
    private const int Block = 1 << 20, Page = 4096;

    /// <summary>
    /// Blobs written straight from memory as a durable server must: temp file, fsync, rename to the
    /// final name, fsync of the directory; by Parallel writers. The ceiling for rows 1 and 2. With
    /// <paramref name="direct"/>, whole pages go around the page cache (O_DIRECT) in 1 MiB writes from
    /// an aligned buffer, as Kaya writes them; without, through the cache.
    /// </summary>
    public static async Task<(double MBps, double FilesPerSecond, double CpuMicrosecondsPerFile)> DurableWriteAsync(BenchContext context, Blob[] blobs, bool direct, CancellationToken ct)
    {
        var folder = context.FreshFolder("limit", "disk");
        try
        {
            for (var i = 0; i < 256; i++) Directory.CreateDirectory(Path.Combine(folder, i.ToString("x2")));
            // Dedicated threads with plain blocking calls, as a server's disk workers would make them:
            // nothing here waits on the thread pool.
            var next = -1;
            // The generator is otherwise idle here: its CPU is the writers'.
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            var writers = Enumerable.Range(0, BenchSettings.Parallel).Select(_ => new Thread(() =>
            {
                using var buffer = direct ? new AlignedBuffer(Block, Page) : null;
                int i;
                while ((i = Interlocked.Increment(ref next)) < blobs.Length && !ct.IsCancellationRequested)
                {
                    var blob = blobs[i];
                    var dir = Path.Combine(folder, blob.Id[..2]);
                    var temp = Path.Combine(dir, "." + blob.Id + ".tmp");
                    using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1))
                    {
                        if (buffer is not null) WriteDirect(file, blob.Data, buffer);
                        else file.Write(blob.Data);
                        Posix.FlushData(file.SafeFileHandle);
                    }
                    // overwrite: true is a plain rename(2); without it .NET links and unlinks.
                    File.Move(temp, Path.Combine(dir, blob.Id), overwrite: true);
                    Posix.FsyncDirectory(dir);
                }
            })).ToList();
            writers.ForEach(t => t.Start());
            await Task.Run(() => writers.ForEach(t => t.Join()), ct);
            ct.ThrowIfCancellationRequested();
            var seconds = clock.Elapsed.TotalSeconds;
            var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMicroseconds;
            return (blobs.Sum(b => (double)b.Data.Length) / seconds / 1e6, blobs.Length / seconds, cpu / blobs.Length);
        }
        finally
        {
            BenchContext.Remove(folder);
        }
    }

    private static void WriteDirect(FileStream file, byte[] bytes, AlignedBuffer buffer)
    {
        Posix.SetDirect(file.SafeFileHandle, true);
        long offset = 0;
        while (offset < bytes.Length)
        {
            var n = (int)Math.Min(Block, bytes.Length - offset);
            var pages = n & ~(Page - 1);
            bytes.AsSpan((int)offset, n).CopyTo(buffer.Memory.Span);
            if (pages > 0) RandomAccess.Write(file.SafeFileHandle, buffer.Memory.Span[..pages], offset);
            if (pages < n)
            {
                Posix.SetDirect(file.SafeFileHandle, false);
                RandomAccess.Write(file.SafeFileHandle, buffer.Memory.Span[pages..n], offset + pages);
            }
            offset += n;
        }
    }

    private sealed unsafe class AlignedBuffer : System.Buffers.MemoryManager<byte>
    {
        private readonly byte* _pointer;
        private readonly int _length;

        public AlignedBuffer(int length, int alignment)
        {
            _length = length;
            _pointer = (byte*)System.Runtime.InteropServices.NativeMemory.AlignedAlloc((nuint)length, (nuint)alignment);
        }

        public override Span<byte> GetSpan() => new(_pointer, _length);
        public override System.Buffers.MemoryHandle Pin(int elementIndex = 0) => new(_pointer + elementIndex);
        public override void Unpin() { }
        protected override void Dispose(bool disposing) => System.Runtime.InteropServices.NativeMemory.AlignedFree(_pointer);
    }

    /// <summary>SHA-256 on one core over the raw-upload blobs (what verifying an upload costs): MB/s.</summary>
    public static double Sha256(Blob[] blobs)
    {
        Span<byte> hash = stackalloc byte[32];
        var clock = Stopwatch.StartNew();
        var bytes = 0.0;
        foreach (var blob in blobs)
        {
            SHA256.HashData(blob.Data, hash);
            bytes += blob.Data.Length;
        }
        return bytes / clock.Elapsed.TotalSeconds / 1e6;
    }
}
