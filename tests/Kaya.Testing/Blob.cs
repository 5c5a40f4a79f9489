using System.Security.Cryptography;
using System.Text;

namespace Kaya.Testing;

/// <summary>An upload body and its restic name: the lowercase hex SHA-256 of the body.</summary>
public sealed record Blob(byte[] Data, string Id)
{
    public static Blob Make(string text) => Make(Encoding.UTF8.GetBytes(text));

    public static Blob Make(byte[] data) => new(data, Convert.ToHexStringLower(SHA256.HashData(data)));

    /// <summary>size bytes from a shared random source: different on every call.</summary>
    public static Blob Random(int size)
    {
        var data = new byte[size];
        System.Random.Shared.NextBytes(data);
        return Make(data);
    }

    /// <summary>count blobs of size bytes, each seeded from (seed, index): the same blobs on every run.</summary>
    public static Blob[] Generate(int count, int size, ulong seed) =>
        Enumerable.Range(0, count).AsParallel().AsOrdered().Select(i => Make(SeededBytes.Create(seed * 1_000_003 + (ulong)i, size))).ToArray();
}
