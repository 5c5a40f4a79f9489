using Kaya.Orchestrator.Lifecycle;
using Microsoft.Extensions.Time.Testing;

namespace Kaya.Orchestrator.Tests.Lifecycle;

public sealed class ByteRateLimiterTests
{
    [Fact]
    public void A_full_bucket_lets_a_burst_through_and_the_next_bytes_wait_for_the_clock()
    {
        var time = new FakeTimeProvider();
        var limiter = new ByteRateLimiter(bytesPerSecond: 1000, burstBytes: 1000, time);

        Assert.True(limiter.TakeAsync(1000, CancellationToken.None).IsCompleted);
        var next = limiter.TakeAsync(500, CancellationToken.None);
        time.Advance(TimeSpan.FromMilliseconds(499));
        Assert.False(next.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(next.IsCompleted);
    }

    [Fact]
    public void Idle_time_refills_the_bucket_only_up_to_the_burst()
    {
        var time = new FakeTimeProvider();
        var limiter = new ByteRateLimiter(bytesPerSecond: 1000, burstBytes: 1000, time);
        time.Advance(TimeSpan.FromHours(1));

        Assert.True(limiter.TakeAsync(1000, CancellationToken.None).IsCompleted);
        Assert.False(limiter.TakeAsync(1, CancellationToken.None).IsCompleted);
    }
}
