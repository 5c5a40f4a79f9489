using Kaya.Server.Hosting;

namespace Kaya.Server.Tests.Hosting;

public class ReceiveBlockPoolTests
{
    [Fact]
    public void Blocks_are_64_KiB_and_come_back_after_use()
    {
        using var pool = new ReceiveBlockPool();
        var first = pool.Rent();
        Assert.Equal(ReceiveBlockPool.BlockSize, first.Memory.Length);
        var memory = first.Memory;
        first.Dispose();
        using var second = pool.Rent(100);
        Assert.True(second.Memory.Span.Overlaps(memory.Span));
    }

    [Fact]
    public void A_request_larger_than_a_block_gets_a_block_of_its_own()
    {
        using var pool = new ReceiveBlockPool();
        using var big = pool.Rent(ReceiveBlockPool.BlockSize + 1);
        Assert.True(big.Memory.Length > ReceiveBlockPool.BlockSize);
    }
}
