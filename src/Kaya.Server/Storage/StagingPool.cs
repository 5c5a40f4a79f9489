using System.Buffers;
using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace Kaya.Server.Storage;

/// <summary>
/// Page-aligned native blocks that an upload gathers its body in before writing: aligned so the
/// write can bypass the page cache (O_DIRECT), pooled so a busy server allocates none per request.
/// One pool per server: disposing it frees the blocks it keeps, and blocks returned later.
/// </summary>
internal sealed class StagingPool : IDisposable
{
    /// <summary>
    /// 1 MiB: large enough that a direct write runs at the disk's full rate (measured on ext4/virtio:
    /// 1.4 GB/s at 1 MiB, 2× the page-cache-and-fdatasync path), small enough that restic's 5
    /// connections add only 5 MiB.
    /// </summary>
    public const int Size = 1024 * 1024;

    /// <summary>4096: the largest logical block size in common use, so any O_DIRECT device accepts it.</summary>
    public const int Alignment = 4096;

    // Keeps what a few hosts pushing at once need; blocks beyond this are freed on return.
    private const int Retained = 16;

    private readonly ConcurrentBag<Block> _pool = [];
    private int _pooled;
    private volatile bool _disposed;

    public Block Rent()
    {
        if (_pool.TryTake(out var block))
        {
            Interlocked.Decrement(ref _pooled);
            return block;
        }
        return new Block();
    }

    public void Return(Block block)
    {
        if (Interlocked.Increment(ref _pooled) <= Retained && !_disposed)
        {
            _pool.Add(block);
            // Disposed meanwhile: nothing may stay kept.
            if (_disposed) Free();
            return;
        }
        Interlocked.Decrement(ref _pooled);
        ((IDisposable)block).Dispose();
    }

    public void Dispose()
    {
        _disposed = true;
        Free();
    }

    private void Free()
    {
        while (_pool.TryTake(out var block)) ((IDisposable)block).Dispose();
    }

    internal sealed unsafe class Block : MemoryManager<byte>
    {
        private byte* _pointer = (byte*)NativeMemory.AlignedAlloc(Size, Alignment);

        public override Span<byte> GetSpan() => new(_pointer, Size);

        public override MemoryHandle Pin(int elementIndex = 0) => new(_pointer + elementIndex);

        public override void Unpin() { }

        protected override void Dispose(bool disposing)
        {
            if (_pointer == null) return;
            NativeMemory.AlignedFree(_pointer);
            _pointer = null;
        }
    }
}
