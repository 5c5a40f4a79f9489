using System.Net.Sockets;
using Kaya.Cli.Funnel;
using Kaya.Server.Hosting;

namespace Kaya.Cli.Commands;

/// <summary>
/// What can stop <c>kaya serve</c> from starting, checked before the server starts where that is cheap
/// and classified once where it happens (the server's start), each as one line naming the address or path.
/// </summary>
internal static class ServeStartup
{
    /// <summary>Refuses a unix socket in a missing folder and a --path the server cannot write (when repositories live there).</summary>
    /// <exception cref="StartupException">With the address or path and what to do.</exception>
    public static void Check(KayaServerOptions options)
    {
        foreach (var address in options.Listen)
        {
            if (address.UnixSocketPath is { } socket && Path.GetDirectoryName(Path.GetFullPath(socket)) is { } folder && !Directory.Exists(folder))
                throw new StartupException($"cannot listen on {address}: folder {folder} does not exist", advice: $"create it (mkdir -p {folder}) or choose another path");
        }
        // With another store the path holds only the htpasswd file, which is read, never written.
        if (options.Store is null) CheckWritable(options.DataPath);
    }

    /// <summary>
    /// An existing --path must take a new file, as every upload will: a read-only mount or a folder owned
    /// by another user would otherwise start fine and answer every <c>restic init</c> with 500.
    /// A missing --path is left to the server, which creates it as rest-server does.
    /// </summary>
    private static void CheckWritable(string path)
    {
        if (!Directory.Exists(path)) return;
        // A dot name: never reachable over the protocol, and gone again at once.
        var probe = Path.Combine(path, $".kaya-write-check-{Environment.ProcessId}");
        try
        {
            using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose)) { }
        }
        catch (UnauthorizedAccessException e)
        {
            throw new StartupException($"cannot write to --path {path}: permission denied", e,
                $"kaya serve runs as {Environment.UserName}: give it the folder (chown -R {Environment.UserName} {path}) or choose another --path");
        }
        catch (IOException e)
        {
            throw new StartupException($"cannot write to --path {path}: {e.Message}", e, "is its file system mounted read-only or full?");
        }
    }

    /// <summary>The one-line failure a start-up exception means, or null when it is not one kaya knows.</summary>
    public static StartupException? Classify(Exception e, KayaServerOptions options)
    {
        var address = options.Listen.Count == 1 ? options.Listen[0].ToString() : string.Join(", ", options.Listen);
        for (var inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is Microsoft.AspNetCore.Connections.AddressInUseException)
                return new StartupException($"cannot listen on {address}: address already in use", e);
            if (inner is SocketException socket && Listening(socket, address) is { } reason)
                return new StartupException($"cannot listen on {address}: {reason}", e);
        }
        // The server's own messages already name the file and what to do (a missing .htpasswd, a bad certificate).
        return e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException
            ? new StartupException(e.Message, e)
            : null;
    }

    private static string? Listening(SocketException e, string address) => e.SocketErrorCode switch
    {
        SocketError.AddressAlreadyInUse => "address already in use",
        SocketError.AddressNotAvailable when address.StartsWith("unix:", StringComparison.Ordinal) => "no such file or directory",
        SocketError.AddressNotAvailable => "this machine has no such address (see ip -brief address)",
        SocketError.AccessDenied => "permission denied (ports below 1024 need root or CAP_NET_BIND_SERVICE)",
        _ => null,
    };
}
