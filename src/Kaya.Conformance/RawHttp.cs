using System.Globalization;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;

namespace Kaya.Conformance;

/// <summary>
/// Uploads over a bare socket, for what HttpClient will not do: announce a Content-Length and then
/// send less, or keep sending while the server has already answered.
/// </summary>
public sealed class RawHttp(ConformanceOptions options, ServerClient http)
{
    // 64 KiB: one socket write per chunk without holding much memory for large announced sizes.
    private const int Chunk = 64 * 1024;

    /// <summary>
    /// Announces <paramref name="announced"/> bytes, sends only <paramref name="sent"/>, runs
    /// <paramref name="whileOpen"/> with the upload still pending, then ends the request stream (the
    /// client went away mid-body). Returns the server's answer, or null when it closed without one.
    /// </summary>
    public async Task<Reply?> TruncatedPostAsync(string path, byte[] sent, long announced, CancellationToken ct, Func<Task>? whileOpen = null)
    {
        using var socket = await ConnectAsync(ct);
        await using var stream = await OpenStreamAsync(socket, ct);
        await stream.WriteAsync(Head("POST", path, announced), ct);
        await stream.WriteAsync(sent, ct);
        await stream.FlushAsync(ct);
        if (whileOpen is not null) await whileOpen();
        try
        {
            if (stream is SslStream ssl) await ssl.ShutdownAsync();
            socket.Shutdown(SocketShutdown.Send);
        }
        catch (Exception e) when (e is SocketException or IOException)
        {
            return null;
        }
        return await ReadReplyAsync(stream, ct);
    }

    /// <summary>
    /// Announces <paramref name="announced"/> bytes and keeps sending zeros until the server answers
    /// (a server may refuse before reading the body) or all bytes are sent.
    /// </summary>
    /// <param name="chunked">send Transfer-Encoding: chunked instead of announcing the length.</param>
    public async Task<Reply?> LargePostAsync(string path, long announced, CancellationToken ct, bool chunked = false)
    {
        using var socket = await ConnectAsync(ct);
        await using var stream = await OpenStreamAsync(socket, ct);
        await stream.WriteAsync(Head("POST", path, chunked ? null : announced), ct);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var writer = Task.Run(async () =>
        {
            var zeros = new byte[Chunk];
            try
            {
                for (long left = announced; left > 0 && !stop.IsCancellationRequested; left -= Chunk)
                {
                    var n = (int)Math.Min(Chunk, left);
                    if (chunked) await stream.WriteAsync(Encoding.ASCII.GetBytes($"{n:x}\r\n"), stop.Token);
                    await stream.WriteAsync(zeros.AsMemory(0, n), stop.Token);
                    if (chunked) await stream.WriteAsync("\r\n"u8.ToArray(), stop.Token);
                }
                if (chunked) await stream.WriteAsync("0\r\n\r\n"u8.ToArray(), stop.Token);
                await stream.FlushAsync(stop.Token);
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // The server stopped reading: it answered early or closed; the answer tells which.
            }
        }, CancellationToken.None);
        var reply = await ReadReplyAsync(stream, ct);
        await stop.CancelAsync();
        await writer;
        return reply;
    }

    private async Task<Socket> ConnectAsync(CancellationToken ct)
    {
        var url = options.BaseUrl;
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(url.DnsSafeHost, url.Port, ct);
        return socket;
    }

    private async Task<Stream> OpenStreamAsync(Socket socket, CancellationToken ct)
    {
        var network = new NetworkStream(socket, ownsSocket: false);
        if (options.BaseUrl.Scheme != Uri.UriSchemeHttps) return network;
        var ssl = new SslStream(network, leaveInnerStreamOpen: false, (_, _, _, _) => true);
        await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = options.BaseUrl.DnsSafeHost }, ct);
        return ssl;
    }

    /// <param name="contentLength">null: the body is sent chunked.</param>
    private byte[] Head(string method, string path, long? contentLength)
    {
        var url = http.UrlOf(path);
        var head = new StringBuilder();
        head.Append(CultureInfo.InvariantCulture, $"{method} {url.PathAndQuery} HTTP/1.1\r\n");
        head.Append(CultureInfo.InvariantCulture, $"Host: {url.Authority}\r\n");
        head.Append("Content-Type: application/octet-stream\r\n");
        if (contentLength is null) head.Append("Transfer-Encoding: chunked\r\n");
        else head.Append(CultureInfo.InvariantCulture, $"Content-Length: {contentLength}\r\n");
        if (http.AuthorizationFor(Caller.User) is { } auth) head.Append(CultureInfo.InvariantCulture, $"Authorization: {auth}\r\n");
        head.Append("Connection: close\r\n\r\n");
        return Encoding.ASCII.GetBytes(head.ToString());
    }

    /// <summary>Reads one HTTP/1.1 answer; null when the connection ends (or is reset) before a status line.</summary>
    private static async Task<Reply?> ReadReplyAsync(Stream stream, CancellationToken ct)
    {
        var received = new MemoryStream();
        var buffer = new byte[8192];
        int headEnd;
        while ((headEnd = IndexOfHeadEnd(received)) < 0)
        {
            int n;
            try { n = await stream.ReadAsync(buffer, ct); }
            catch (Exception e) when (e is IOException or SocketException) { return null; }
            if (n == 0) return null;
            received.Write(buffer, 0, n);
        }

        var all = received.ToArray();
        var lines = Encoding.ASCII.GetString(all, 0, headEnd).Split("\r\n");
        var statusParts = lines[0].Split(' ', 3);
        if (statusParts.Length < 2 || !int.TryParse(statusParts[1], CultureInfo.InvariantCulture, out var status)) return null;
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':');
            if (colon > 0) headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
        }

        var body = new MemoryStream();
        body.Write(all, headEnd + 4, all.Length - headEnd - 4);
        long? length = headers.TryGetValue("Content-Length", out var cl) && long.TryParse(cl, CultureInfo.InvariantCulture, out var l) ? l : null;
        while (length is null || body.Length < length)
        {
            int n;
            try { n = await stream.ReadAsync(buffer, ct); }
            catch (Exception e) when (e is IOException or SocketException) { break; }
            if (n == 0) break;
            body.Write(buffer, 0, n);
        }
        return new Reply(status, headers, body.ToArray());
    }

    private static int IndexOfHeadEnd(MemoryStream received) =>
        received.GetBuffer().AsSpan(0, (int)received.Length).IndexOf("\r\n\r\n"u8);
}
