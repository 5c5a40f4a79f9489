namespace Kaya.Server.Protocol;

/// <summary>A single <c>Range: bytes=…</c> request resolved against a file's length (RANGE-1..5).</summary>
public readonly record struct ByteRange(long Start, long Length)
{
    public enum Kind { None, Satisfiable, Unsatisfiable, Invalid }

    /// <summary>
    /// Resolves a Range header. Absent or multi-range: <see cref="Kind.None"/> (the whole file is sent;
    /// restic never asks for several ranges). An end past the file is cut to the file (206 with the
    /// shorter length); a start at or past the end is unsatisfiable (416).
    /// </summary>
    public static Kind Resolve(string? header, long size, out ByteRange range)
    {
        range = default;
        if (string.IsNullOrEmpty(header)) return Kind.None;
        var spec = header.AsSpan().Trim();
        if (!spec.StartsWith("bytes=", StringComparison.OrdinalIgnoreCase)) return Kind.Invalid;
        spec = spec[6..].Trim();
        if (spec.Contains(',')) return Kind.None;

        var dash = spec.IndexOf('-');
        if (dash < 0) return Kind.Invalid;
        var first = spec[..dash].Trim();
        var last = spec[(dash + 1)..].Trim();

        if (first.IsEmpty)
        {
            // Suffix: the last N bytes.
            if (!TryParse(last, out var suffix) || suffix == 0) return suffix == 0 && !last.IsEmpty ? Kind.Unsatisfiable : Kind.Invalid;
            if (size == 0) return Kind.Unsatisfiable;
            var n = Math.Min(suffix, size);
            range = new ByteRange(size - n, n);
            return Kind.Satisfiable;
        }

        if (!TryParse(first, out var start)) return Kind.Invalid;
        long end;
        if (last.IsEmpty) end = size - 1;
        else if (!TryParse(last, out end) || end < start) return Kind.Invalid;

        if (start >= size) return Kind.Unsatisfiable;
        end = Math.Min(end, size - 1);
        range = new ByteRange(start, end - start + 1);
        return Kind.Satisfiable;
    }

    /// <summary>
    /// Where a Range header's bytes start when that is known before the file's length (<c>bytes=N-</c>,
    /// <c>bytes=N-M</c>): a hint for the store; 0 for anything else (none, a suffix, malformed).
    /// </summary>
    public static long FirstByte(string? header)
    {
        if (string.IsNullOrEmpty(header)) return 0;
        var spec = header.AsSpan().Trim();
        if (!spec.StartsWith("bytes=", StringComparison.OrdinalIgnoreCase)) return 0;
        spec = spec[6..];
        var dash = spec.IndexOf('-');
        return dash > 0 && !spec.Contains(',') && TryParse(spec[..dash].Trim(), out var start) ? start : 0;
    }

    private static bool TryParse(ReadOnlySpan<char> s, out long value)
    {
        value = 0;
        if (s.IsEmpty) return false;
        foreach (var c in s)
        {
            if (!char.IsAsciiDigit(c)) return false;
        }
        return long.TryParse(s, out value);
    }
}
