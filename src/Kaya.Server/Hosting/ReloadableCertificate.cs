using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;

namespace Kaya.Server.Hosting;

/// <summary>
/// The TLS certificate and key the listeners serve (--tls-cert, --tls-key), read again on
/// <see cref="Reload"/> so that a renewed certificate is served without a restart (rest-server#94).
/// Each TLS handshake takes the current one; connections already open keep theirs.
/// </summary>
internal sealed partial class ReloadableCertificate
{
    private readonly string _certificatePath;
    private readonly string? _keyPath;
    private readonly ILogger _logger;
    private volatile X509Certificate2 _current;

    /// <exception cref="CryptographicException">the files are not a PEM certificate and its key</exception>
    /// <exception cref="IOException">a file cannot be read</exception>
    public ReloadableCertificate(string certificatePath, string? keyPath, ILogger logger)
    {
        _certificatePath = certificatePath;
        _keyPath = keyPath;
        _logger = logger;
        _current = Load();
    }

    public X509Certificate2 Current => _current;

    /// <summary>Reads the files again; a pair that cannot be loaded keeps the one in use, and says why.</summary>
    /// <returns>null when the new certificate is in use, else the reason the old one is kept</returns>
    public string? Reload()
    {
        X509Certificate2 fresh;
        try
        {
            fresh = Load();
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            var reason = $"cannot load TLS certificate {_certificatePath}{(_keyPath is null ? "" : $" with key {_keyPath}")}: {e.Message}; still serving the certificate {_current.Thumbprint}";
            LogKept(_logger, e, reason);
            return reason;
        }
        // The old one is not disposed: a handshake under way may still be using it.
        _current = fresh;
        LogLoaded(_logger, fresh.Thumbprint, fresh.NotAfter.ToUniversalTime());
        return null;
    }

    private X509Certificate2 Load() => X509Certificate2.CreateFromPemFile(_certificatePath, _keyPath);

    [LoggerMessage(Level = LogLevel.Information, Message = "Serving TLS certificate {Thumbprint}, valid until {NotAfter:u}")]
    private static partial void LogLoaded(ILogger logger, string thumbprint, DateTime notAfter);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Reason}")]
    private static partial void LogKept(ILogger logger, Exception exception, string reason);
}
