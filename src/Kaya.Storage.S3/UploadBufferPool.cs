using System.Buffers;
using System.Collections.Concurrent;

namespace Kaya.Storage.S3;

/// <summary>
/// Fixed 64 KiB blocks for the pipe between Kestrel and the SDK's send loop, kept for the next upload.
/// The pipe's default (the shared array pool) missed on nearly every segment here: segments are rented on
/// Kestrel's threads and returned on the SDK's, hundreds in flight, beyond what the shared pool keeps per
/// core; every miss was a new zeroed array, a quarter of the server's CPU on the s3 raw-upload bench row
/// (perf, 2026-11-29) and most of its 88 MiB peak RSS.
/// </summary>
internal sealed class UploadBufferPool : MemoryPool<byte>
{
    /// <summary>64 KiB: the most a socket read from Kestrel or a send by the SDK moves at once here.</summary>
    public const int BlockSize = 64 * 1024;

    /// <summary>
    /// Blocks kept when returned, 128 (8 MiB): restic's 5 connections (its default) × the pipe's 1 MiB pause
    /// threshold fill 80 blocks; more uploads at once allocate the rest and let the GC have them back.
    /// </summary>
    private const int MostKept = 128;

    private readonly ConcurrentQueue<byte[]> _free = new();

    public static new UploadBufferPool Shared { get; } = new();

    public override int MaxBufferSize => BlockSize;

    /// <exception cref="ArgumentOutOfRangeException"><paramref name="minBufferSize"/> is over <see cref="BlockSize"/> (the pipe asks the array pool for those)</exception>
    public override IMemoryOwner<byte> Rent(int minBufferSize = -1)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minBufferSize, BlockSize);
        return new Block(this, _free.TryDequeue(out var array) ? array : GC.AllocateUninitializedArray<byte>(BlockSize));
    }

    private void Return(byte[] array)
    {
        // Count is approximate under races: the cap is a bound on memory kept, not an exact one.
        if (_free.Count < MostKept) _free.Enqueue(array);
    }

    protected override void Dispose(bool disposing)
    {
        // Shared for the process's life: nothing to give back.
    }

    private sealed class Block(UploadBufferPool pool, byte[] array) : IMemoryOwner<byte>
    {
        private byte[]? _array = array;

        public Memory<byte> Memory => _array ?? throw new ObjectDisposedException(nameof(Block));

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _array, null) is { } returned) pool.Return(returned);
        }
    }
}
