using Kaya.Server.Repository;
using Kaya.Server.Storage;
using Microsoft.AspNetCore.Http;

namespace Kaya.Server.Protocol;

public sealed partial class ResticProtocol
{
    // 64 KiB reads: big enough that syscalls don't dominate, small enough to stay in the pipe's pool.
    private const int ReadChunk = 64 * 1024;

    /// <summary>HEAD-1: 200 with the exact Content-Length and no body; 404 when missing.</summary>
    private async Task HeadAsync(Call call, ObjectKey key)
    {
        var size = await _store.GetSizeAsync(call.Target.Repository, key, call.Context.RequestAborted);
        if (size is null)
        {
            await Refusal.NotFound(call.Context);
            return;
        }
        call.Context.Response.StatusCode = StatusCodes.Status200OK;
        call.Context.Response.ContentLength = size;
    }

    /// <summary>
    /// GET-1: the file's bytes, honouring one Range (RANGE-1..5): 206 with Content-Range and the exact
    /// Content-Length, 416 when the start is past the end.
    /// </summary>
    private async Task GetAsync(Call call, ObjectKey key)
    {
        var context = call.Context;
        var ct = context.RequestAborted;
        using var reader = await _store.OpenReadAsync(call.Target.Repository, key, ByteRange.FirstByte(context.Request.Headers.Range), ct);
        if (reader is null)
        {
            await Refusal.NotFound(context);
            return;
        }

        var response = context.Response;
        var size = reader.Length;
        var kind = ByteRange.Resolve(context.Request.Headers.Range, size, out var range);
        switch (kind)
        {
            case ByteRange.Kind.Unsatisfiable:
                response.Headers.ContentRange = $"bytes */{size}";
                if (!key.IsConfig) _metrics?.Read(call.User, call.Target.Repository, key.Type, 0);
                await Refusal.WriteAsync(context, StatusCodes.Status416RangeNotSatisfiable);
                return;
            case ByteRange.Kind.Invalid:
                await Refusal.WriteAsync(context, StatusCodes.Status416RangeNotSatisfiable);
                return;
            case ByteRange.Kind.Satisfiable:
                response.StatusCode = StatusCodes.Status206PartialContent;
                response.Headers.ContentRange = $"bytes {range.Start}-{range.Start + range.Length - 1}/{size}";
                break;
            default:
                response.StatusCode = StatusCodes.Status200OK;
                range = new ByteRange(0, size);
                break;
        }
        response.ContentType = "application/octet-stream";
        response.Headers.AcceptRanges = "bytes";
        response.ContentLength = range.Length;

        var sent = await CopyAsync(reader, range, response, ct);
        if (!key.IsConfig) _metrics?.Read(call.User, call.Target.Repository, key.Type, sent);
    }

    // Reads straight into the response pipe's memory: one copy, from the page cache to the socket buffer.
    private static async Task<long> CopyAsync(IObjectReader reader, ByteRange range, HttpResponse response, CancellationToken ct)
    {
        var writer = response.BodyWriter;
        long sent = 0;
        while (sent < range.Length)
        {
            var want = (int)Math.Min(ReadChunk, range.Length - sent);
            var memory = writer.GetMemory(want)[..want];
            var n = await reader.ReadAsync(memory, range.Start + sent, ct);
            if (n == 0) throw new IOException($"file shrank while being read at offset {range.Start + sent}");
            writer.Advance(n);
            sent += n;
            var flush = await writer.FlushAsync(ct);
            if (flush.IsCanceled || flush.IsCompleted) break;
        }
        return sent;
    }
}
