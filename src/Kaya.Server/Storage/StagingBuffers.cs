using System.Buffers;
using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace Kaya.Server.Storage;

/// <summary>
/// Page-aligned native blocks that an upload gathers its body in before writing: aligned so the
/// write can bypass the page cache (O_DIRECT), pooled so a busy server allocates none per request.
/// </summary>
internal static class StagingBuffers
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

    private static readonly ConcurrentBag<Block> Pool = [];
    private static int _pooled;

    public static Block Rent()
    {
        if (Pool.TryTake(out var block))
        {
            Interlocked.Decrement(ref _pooled);
            return block;
        }
        return new Block();
    }

    public static void Return(Block block)
    {
        if (Interlocked.Increment(ref _pooled) <= Retained)
        {
            Pool.Add(block);
            return;
        }
        Interlocked.Decrement(ref _pooled);
        ((IDisposable)block).Dispose();
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
