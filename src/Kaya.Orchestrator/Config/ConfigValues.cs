using System.Globalization;

namespace Kaya.Orchestrator.Config;

/// <summary>
/// The one grammar for values in kaya.conf and hosts.d, so that every key reads alike:
/// <list type="bullet">
/// <item>durations: a whole number with a unit, <c>30s</c>, <c>10m</c>, <c>6h</c>, <c>7d</c>; a bare number is seconds
/// (as <c>connect_timeout</c> always was);</item>
/// <item>sizes: bytes, or a whole number with a binary unit, <c>K</c> <c>M</c> <c>G</c> <c>T</c> (<c>500G</c> = 500 GiB),
/// as rest-server's <c>--max-size</c> and kaya serve's take them;</item>
/// <item>rates: a size per second, <c>50M</c> = 50 MiB/s;</item>
/// <item>switches: <c>yes</c>/<c>no</c> (also <c>true</c>/<c>false</c>, <c>on</c>/<c>off</c>, <c>1</c>/<c>0</c>).</item>
/// </list>
/// Parse methods throw <see cref="ConfigException"/> naming <c>where</c> (file:line), the key and the expected form.
/// </summary>
public static class ConfigValues
{
    /// <summary>Reads a duration (<c>30s</c>, <c>10m</c>, <c>6h</c>, <c>7d</c>, bare seconds); false on anything else.</summary>
    public static bool TryParseDuration(string text, out TimeSpan duration)
    {
        duration = default;
        if (text.Length == 0) return false;
        long unit = char.ToLowerInvariant(text[^1]) switch
        {
            's' => 1,
            'm' => 60,
            'h' => 3600,
            'd' => 86400,
            _ => 0,
        };
        var digits = unit == 0 ? text : text[..^1];
        if (unit == 0) unit = 1;
        if (!long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n > TimeSpan.MaxValue.TotalSeconds / unit / 2) return false;
        duration = TimeSpan.FromSeconds(n * unit);
        return true;
    }

    /// <summary>Reads a size in bytes (<c>500G</c> = 500 × 2^30); false on anything else or on overflow.</summary>
    public static bool TryParseSize(string text, out long bytes)
    {
        bytes = 0;
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
        if (!long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n > long.MaxValue / factor) return false;
        bytes = n * factor;
        return true;
    }

    /// <summary>A duration between <paramref name="min"/> and <paramref name="max"/>, inclusive.</summary>
    public static TimeSpan Duration(string value, string key, string where, TimeSpan min, TimeSpan max)
    {
        if (TryParseDuration(value, out var d) && d >= min && d <= max) return d;
        throw new ConfigException($"{where}: {key}={value}: expected a duration from {Format(min)} to {Format(max)} (e.g. 30s, 10m, 6h, 7d; a bare number is seconds)");
    }

    /// <summary>A comma-separated list of durations, e.g. <c>1m,5m</c>; each within the bounds.</summary>
    public static IReadOnlyList<TimeSpan> DurationList(string value, string key, string where, TimeSpan min, TimeSpan max)
    {
        var parts = value.Split(',');
        var list = new TimeSpan[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!TryParseDuration(parts[i].Trim(), out list[i]) || list[i] < min || list[i] > max)
                throw new ConfigException($"{where}: {key}={value}: expected durations from {Format(min)} to {Format(max)} separated by commas (e.g. 1m,5m)");
        }
        return list;
    }

    /// <summary>A size in bytes of at least <paramref name="min"/>.</summary>
    public static long Size(string value, string key, string where, long min = 1)
    {
        if (TryParseSize(value, out var b) && b >= min) return b;
        throw new ConfigException($"{where}: {key}={value}: expected a size in bytes, optionally with K, M, G or T (binary units: 500G = 500 GiB)");
    }

    /// <summary>A rate in bytes per second: a size, read per second (<c>50M</c> = 50 MiB/s).</summary>
    public static long Rate(string value, string key, string where)
    {
        var size = value.EndsWith("/s", StringComparison.Ordinal) ? value[..^2] : value;
        if (TryParseSize(size, out var b) && b > 0) return b;
        throw new ConfigException($"{where}: {key}={value}: expected bytes per second, optionally with K, M, G or T (50M = 50 MiB/s)");
    }

    /// <summary>A whole number between <paramref name="min"/> and <paramref name="max"/>.</summary>
    public static int Integer(string value, string key, string where, int min, int max)
    {
        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max) return n;
        throw new ConfigException($"{where}: {key}={value}: expected a whole number from {min} to {max}");
    }

    /// <summary>yes/no, true/false, on/off, 1/0.</summary>
    public static bool Switch(string value, string key, string where) => value.ToLowerInvariant() switch
    {
        "yes" or "true" or "on" or "1" => true,
        "no" or "false" or "off" or "0" => false,
        _ => throw new ConfigException($"{where}: {key}={value}: expected yes or no"),
    };

    /// <summary>A duration the way the grammar writes it, largest whole unit: 86400 s → <c>1d</c>, 90 s → <c>90s</c>.</summary>
    public static string Format(TimeSpan d)
    {
        var s = (long)d.TotalSeconds;
        if (s != 0 && s % 86400 == 0) return $"{s / 86400}d";
        if (s != 0 && s % 3600 == 0) return $"{s / 3600}h";
        if (s != 0 && s % 60 == 0) return $"{s / 60}m";
        return $"{s}s";
    }
}
