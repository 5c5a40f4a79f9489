using System.Text;

namespace Kaya.Server.Access;

/// <summary>The user and password of an <c>Authorization: Basic</c> header.</summary>
public readonly record struct BasicCredentials(string User, string Password)
{
    public static bool TryParse(string? header, out BasicCredentials credentials)
    {
        credentials = default;
        if (header is null || !header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase)) return false;
        Span<byte> buffer = stackalloc byte[512];
        var encoded = header.AsSpan(6).Trim();
        if (encoded.Length > 680) return false;
        if (!Convert.TryFromBase64Chars(encoded, buffer, out var written)) return false;
        var text = Encoding.UTF8.GetString(buffer[..written]);
        var colon = text.IndexOf(':');
        if (colon < 0) return false;
        credentials = new BasicCredentials(text[..colon], text[(colon + 1)..]);
        return true;
    }
}
