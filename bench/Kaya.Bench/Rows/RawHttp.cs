using System.Net.Sockets;
using System.Text;
using Kaya.Bench.Data;
using Kaya.Bench.Sys;

namespace Kaya.Bench.Rows;

/// <summary>
/// A wrk-style uploader for the small-objects row: each request written as raw bytes in one send on
/// one of Parallel keep-alive sockets, each answer read only far enough to check its status and skip
/// its body. HttpClient spent about as much CPU per 4 KiB request as the servers it measured, on the
/// same 2 cores, and held every server to the same rate.
/// </summary>
public static class RawHttp
{
    public static async Task UploadAllAsync(Uri server, string repo, Blob[] blobs, CancellationToken ct)
    {
        var next = -1;
        var workers = Enumerable.Range(0, BenchSettings.Parallel).Select(async _ =>
        {
            using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            await socket.ConnectAsync(server.Host, server.Port, ct);
            var answer = new byte[16 * 1024];
            int i;
            while ((i = Interlocked.Increment(ref next)) < blobs.Length)
            {
                var blob = blobs[i];
                var head = Encoding.ASCII.GetBytes(
                    $"POST /{repo}/data/{blob.Id} HTTP/1.1\r\nHost: {server.Authority}\r\n" +
                    $"Content-Type: application/octet-stream\r\nContent-Length: {blob.Data.Length}\r\n\r\n");
                var request = new byte[head.Length + blob.Data.Length];
                head.CopyTo(request, 0);
                blob.Data.CopyTo(request, head.Length);
                await SendAllAsync(socket, request, ct);
                await ReadAnswerAsync(socket, answer, blob.Id, ct);
            }
        });
        await Task.WhenAll(workers);
    }

    private static async Task SendAllAsync(Socket socket, byte[] bytes, CancellationToken ct)
    {
        var sent = 0;
        while (sent < bytes.Length) sent += await socket.SendAsync(bytes.AsMemory(sent), SocketFlags.None, ct);
    }

    private static async Task ReadAnswerAsync(Socket socket, byte[] buffer, string id, CancellationToken ct)
    {
        var filled = 0;
        int headerEnd;
        while ((headerEnd = buffer.AsSpan(0, filled).IndexOf("\r\n\r\n"u8)) < 0)
        {
            if (filled == buffer.Length) throw new BenchException($"upload {id[..12]}: answer headers over {buffer.Length} bytes");
            var n = await socket.ReceiveAsync(buffer.AsMemory(filled), SocketFlags.None, ct);
            if (n == 0) throw new BenchException($"upload {id[..12]}: connection closed before the answer");
            filled += n;
        }
        var headers = Encoding.ASCII.GetString(buffer, 0, headerEnd);
        var firstBreak = headers.IndexOf('\r');
        var statusLine = firstBreak >= 0 ? headers[..firstBreak] : headers;
        if (!statusLine.StartsWith("HTTP/1.1 200 ", StringComparison.Ordinal))
            throw new BenchException($"upload {id[..12]}: {statusLine}");
        if (headers.Contains("\r\nTransfer-Encoding: chunked", StringComparison.OrdinalIgnoreCase))
            throw new BenchException($"upload {id[..12]}: chunked answer, which this client does not read");
        var body = 0;
        foreach (var line in headers.Split("\r\n"))
        {
            if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase)) body = int.Parse(line["Content-Length:".Length..].Trim());
        }
        var pending = body - (filled - headerEnd - 4);
        while (pending > 0)
        {
            var n = await socket.ReceiveAsync(buffer.AsMemory(0, Math.Min(pending, buffer.Length)), SocketFlags.None, ct);
            if (n == 0) throw new BenchException($"upload {id[..12]}: connection closed in the answer's body");
            pending -= n;
        }
    }
}
