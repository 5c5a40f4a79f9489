using System.Globalization;

namespace Kaya.Orchestrator;

/// <summary>Byte counts for people, in binary units as restic prints them: <c>1.2 GiB</c>.</summary>
public static class ByteText
{
    /// <summary>"-" for null (not known).</summary>
    public static string Format(long? bytes) => bytes switch
    {
        null => "-",
        < 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes} B"),
        < 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.0} KiB"),
        < 1024L * 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):0.0} MiB"),
        < 1024L * 1024 * 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024 * 1024):0.0} GiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024 * 1024 * 1024):0.00} TiB"),
    };
}
