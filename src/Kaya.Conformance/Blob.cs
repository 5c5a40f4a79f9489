using System.Security.Cryptography;

namespace Kaya.Conformance;

/// <summary>Content and the name restic would give it: the lower-case hex SHA-256 of the bytes.</summary>
public sealed record Blob(string Id, byte[] Content)
{
    public static Blob Of(byte[] content) => new(Convert.ToHexStringLower(SHA256.HashData(content)), content);

    /// <summary>Fresh random bytes, so runs and cases never collide on a name.</summary>
    public static Blob Random(int size) => Of(RandomNumberGenerator.GetBytes(size));

    /// <summary>A well-formed name nothing was stored under.</summary>
    public static string RandomId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    /// <summary>Same length, different bytes (for overwrite attempts).</summary>
    public byte[] Altered()
    {
        var copy = (byte[])Content.Clone();
        if (copy.Length == 0) return [1];
        copy[0] ^= 0xff;
        return copy;
    }
}
