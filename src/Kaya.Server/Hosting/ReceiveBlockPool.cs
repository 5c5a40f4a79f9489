using System.Buffers;
using System.Collections.Concurrent;
using Microsoft.AspNetCore.Connections;

namespace Kaya.Server.Hosting;

/// <summary>
/// Kestrel's memory pool with 64 KiB blocks instead of its 4 KiB ones. The socket transport reads at
/// most one block per receive call, so a 16 MiB pack took 4,096 recv calls (each with its own pipe
/// flush and TCP window update); it now takes 256. Measured on a raw upload: a fifth less server CPU.
/// </summary>
internal sealed class ReceiveBlockPool : MemoryPool<byte>
{
    /// <summary>64 KiB: the largest segment loopback and TSO hand over at once.</summary>
    public const int BlockSize = 64 * 1024;

    // 128 blocks (8 MiB) covers restic's 5 connections each with Kestrel's full 1 MiB request buffer;
    // blocks returned beyond that are left to the GC.
    private const int Retained = 128;

    private readonly ConcurrentQueue<Block> _free = new();
    private int _count;

    public override int MaxBufferSize => BlockSize;

    public override IMemoryOwner<byte> Rent(int minBufferSize = -1)
    {
        // Pipes never ask for more than MaxBufferSize; anyone else who does gets a block of its own.
        if (minBufferSize > BlockSize) return new Unpooled(minBufferSize);
        if (_free.TryDequeue(out var block))
        {
            Interlocked.Decrement(ref _count);
            return block;
        }
        return new Block(this);
    }

    private void Return(Block block)
    {
        if (Interlocked.Increment(ref _count) <= Retained)
        {
            _free.Enqueue(block);
            return;
        }
        Interlocked.Decrement(ref _count);
    }

    protected override void Dispose(bool disposing) => _free.Clear();

    private sealed class Block(ReceiveBlockPool pool) : IMemoryOwner<byte>
    {
        // Pinned: the socket layer hands the memory to the kernel.
        public Memory<byte> Memory { get; } = GC.AllocateUninitializedArray<byte>(BlockSize, pinned: true);

        public void Dispose() => pool.Return(this);
    }

    private sealed class Unpooled(int size) : IMemoryOwner<byte>
    {
        public Memory<byte> Memory { get; } = GC.AllocateUninitializedArray<byte>(size, pinned: true);

        public void Dispose() { }
    }

    /// <summary>Registered in place of Kestrel's own factory, so every listener and connection uses this pool.</summary>
    public sealed class Factory : IMemoryPoolFactory<byte>
    {
        public MemoryPool<byte> Create(MemoryPoolOptions? options = null) => new ReceiveBlockPool();
    }
}
