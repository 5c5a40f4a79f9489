using System.Buffers;

namespace Kaya.Server.Storage;

internal static class FileComparison
{
    /// <summary>Byte-for-byte equality of two files; used only when an upload meets an existing name.</summary>
    public static bool SameContent(string a, string b)
    {
        using var fa = File.OpenHandle(a);
        using var fb = File.OpenHandle(b);
        var length = RandomAccess.GetLength(fa);
        if (length != RandomAccess.GetLength(fb)) return false;

        var bufA = ArrayPool<byte>.Shared.Rent(1 << 16);
        var bufB = ArrayPool<byte>.Shared.Rent(1 << 16);
        try
        {
            for (long offset = 0; offset < length;)
            {
                var na = RandomAccess.Read(fa, bufA, offset);
                var nb = RandomAccess.Read(fb, bufB.AsSpan(0, na), offset);
                if (na == 0 || na != nb || !bufA.AsSpan(0, na).SequenceEqual(bufB.AsSpan(0, nb))) return false;
                offset += na;
            }
            return true;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bufA);
            ArrayPool<byte>.Shared.Return(bufB);
        }
    }
}
