namespace Kaya.Orchestrator.Lifecycle;

/// <summary>
/// A token bucket in bytes: at most <c>bytesPerSecond</c> on average, with bursts up to <c>burstBytes</c>.
/// A caller takes what it has just read and waits off any debt, so one large read never needs a larger bucket.
/// Time comes from a TimeProvider, so tests run it on a FakeTimeProvider.
/// </summary>
public sealed class ByteRateLimiter
{
    private readonly double _bytesPerSecond;
    private readonly double _burst;
    private readonly TimeProvider _time;
    private double _tokens;
    private long _lastRefill;

    /// <param name="bytesPerSecond">the average rate, bytes per second (&gt; 0)</param>
    /// <param name="burstBytes">the bucket size in bytes; it starts full</param>
    /// <exception cref="ArgumentOutOfRangeException">a rate or burst of 0 or less</exception>
    public ByteRateLimiter(long bytesPerSecond, long burstBytes, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bytesPerSecond);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(burstBytes);
        _bytesPerSecond = bytesPerSecond;
        _burst = burstBytes;
        _time = time;
        _tokens = burstBytes;
        _lastRefill = time.GetTimestamp();
    }

    /// <summary>Accounts for <paramref name="bytes"/> and returns when the rate allows them.</summary>
    public Task TakeAsync(long bytes, CancellationToken cancellationToken)
    {
        var now = _time.GetTimestamp();
        _tokens = Math.Min(_burst, _tokens + _time.GetElapsedTime(_lastRefill, now).TotalSeconds * _bytesPerSecond);
        _lastRefill = now;
        _tokens -= bytes;
        if (_tokens >= 0) return Task.CompletedTask;
        return Task.Delay(TimeSpan.FromSeconds(-_tokens / _bytesPerSecond), _time, cancellationToken);
    }
}
