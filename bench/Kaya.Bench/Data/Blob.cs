using System.Security.Cryptography;

namespace Kaya.Bench.Data;

/// <summary>An upload body and its name, the lowercase hex SHA-256 of the body (what restic names blobs by).</summary>
public sealed record Blob(string Id, byte[] Bytes)
{
    /// <summary>count blobs of size bytes, each seeded from (seed, index): the same blobs on every run.</summary>
    public static Blob[] Generate(int count, int size, ulong seed) =>
        Enumerable.Range(0, count).AsParallel().AsOrdered().Select(i =>
        {
            var bytes = SeededBytes.Create(seed * 1_000_003 + (ulong)i, size);
            return new Blob(Convert.ToHexStringLower(SHA256.HashData(bytes)), bytes);
        }).ToArray();
}
