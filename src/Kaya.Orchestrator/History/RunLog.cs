using System.IO.Compression;
using System.Text;

namespace Kaya.Orchestrator.History;

/// <summary>
/// restic's output as the history keeps it: gzip of at most <see cref="CapBytes"/> of UTF-8 text. Longer output keeps
/// its beginning and its end, where restic reports errors and its summary, with a line saying how much was left out.
/// </summary>
public static class RunLog
{
    /// <summary>1 MiB of text: a whole non-verbose run and thousands of warning lines, ~100 KiB compressed.</summary>
    public const int CapBytes = 1 << 20;

    /// <summary>Of the capped text, the share kept from the start; the rest comes from the end.</summary>
    private const int HeadBytes = CapBytes / 4;

    public static byte[] Compress(string text, int capBytes = CapBytes)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        if (bytes.Length > capBytes)
        {
            var head = Math.Min(HeadBytes, capBytes / 4);
            var tail = capBytes - head;
            var marker = Encoding.UTF8.GetBytes($"\n[kaya: {bytes.Length - head - tail} bytes of output left out]\n");
            bytes = [.. bytes.AsSpan(0, head), .. marker, .. bytes.AsSpan(bytes.Length - tail)];
        }
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Optimal)) gzip.Write(bytes);
        return buffer.ToArray();
    }

    public static string Decompress(byte[] data)
    {
        using var gzip = new GZipStream(new MemoryStream(data), CompressionMode.Decompress);
        using var reader = new StreamReader(gzip, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
