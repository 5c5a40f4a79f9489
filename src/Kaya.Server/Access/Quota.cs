namespace Kaya.Server.Access;

/// <summary>
/// A byte limit over everything stored (rest-server's --max-size, QUOTA-1). Uploads reserve their
/// announced length before a byte is written and settle to what they really wrote, so concurrent
/// uploads can never overshoot together.
/// </summary>
public sealed class Quota(long limit, long used)
{
    private long _used = used;
    private int _refusals;

    public long Limit { get; } = limit;

    public long Used => Interlocked.Read(ref _used);

    /// <summary>How many reservations were refused: a run's reason for failing when it reached its quota.</summary>
    public int Refusals => Volatile.Read(ref _refusals);

    /// <summary>True when <paramref name="bytes"/> more would fit now; reserves nothing.</summary>
    public bool HasRoom(long bytes) => Interlocked.Read(ref _used) + bytes <= Limit;

    /// <summary>Reserves <paramref name="bytes"/>; false when that would pass the limit (QUOTA-2).</summary>
    public bool TryReserve(long bytes)
    {
        while (true)
        {
            var current = Interlocked.Read(ref _used);
            if (current + bytes > Limit)
            {
                Interlocked.Increment(ref _refusals);
                return false;
            }
            if (Interlocked.CompareExchange(ref _used, current + bytes, current) == current) return true;
        }
    }

    public void Release(long bytes) => Interlocked.Add(ref _used, -bytes);
}
