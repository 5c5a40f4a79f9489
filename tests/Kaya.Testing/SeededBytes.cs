namespace Kaya.Testing;

/// <summary>
/// xoshiro256** seeded through SplitMix64: fast, reproducible bytes so that reruns generate the same
/// data sets. Benchmark data only; nothing secret comes from here (RandomNumberGenerator is for that).
/// </summary>
public sealed class SeededBytes
{
    private ulong _s0, _s1, _s2, _s3;

    public SeededBytes(ulong seed)
    {
        _s0 = SplitMix(ref seed); _s1 = SplitMix(ref seed); _s2 = SplitMix(ref seed); _s3 = SplitMix(ref seed);
    }

    public static byte[] Create(ulong seed, int length)
    {
        var bytes = new byte[length];
        new SeededBytes(seed).Fill(bytes);
        return bytes;
    }

    public void Fill(Span<byte> destination)
    {
        Span<byte> word = stackalloc byte[8];
        while (destination.Length >= 8)
        {
            BitConverter.TryWriteBytes(destination, Next());
            destination = destination[8..];
        }
        if (destination.Length == 0) return;
        BitConverter.TryWriteBytes(word, Next());
        word[..destination.Length].CopyTo(destination);
    }

    public int Next(int maxExclusive) => (int)(Next() % (ulong)maxExclusive);

    public ulong Next()
    {
        var result = ulong.RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0; _s3 ^= _s1; _s1 ^= _s2; _s0 ^= _s3; _s2 ^= t;
        _s3 = ulong.RotateLeft(_s3, 45);
        return result;
    }

    private static ulong SplitMix(ref ulong state)
    {
        var z = state += 0x9E3779B97F4A7C15;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
        return z ^ (z >> 31);
    }
}
