using System.Globalization;

namespace Kaya.Cli.Commands;

internal static class ByteSize
{
    /// <summary>Bytes, optionally with a binary suffix: 500000, 10K, 20M, 5G, 1T.</summary>
    public static bool TryParse(string text, out long bytes)
    {
        bytes = 0;
        text = text.Trim();
        if (text.Length == 0) return false;
        long factor = char.ToUpperInvariant(text[^1]) switch
        {
            'K' => 1L << 10,
            'M' => 1L << 20,
            'G' => 1L << 30,
            'T' => 1L << 40,
            _ => 1,
        };
        var digits = factor == 1 ? text : text[..^1];
        if (!long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var n)) return false;
        if (n > long.MaxValue / factor) return false;
        bytes = n * factor;
        return true;
    }
}
