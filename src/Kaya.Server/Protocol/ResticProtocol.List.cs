using System.Buffers;
using System.Text.Json;
using Kaya.Server.Storage;
using Microsoft.AspNetCore.Http;

namespace Kaya.Server.Protocol;

public sealed partial class ResticProtocol
{
    /// <summary>
    /// LIST-1..4: a v2 answer (names and sizes) only when Accept is exactly the v2 media type, else v1
    /// (names); Content-Type names the version; an empty folder is <c>[]</c>; 404 when the repository
    /// does not exist.
    /// </summary>
    private async Task ListAsync(Call call)
    {
        var context = call.Context;
        var entries = await _store.ListAsync(call.Target.Repository, call.Target.Type, context.RequestAborted);
        if (entries is null)
        {
            await Refusal.NotFound(context);
            return;
        }

        var v2 = context.Request.Headers.Accept == V2MediaType;
        var response = context.Response;

        // Streamed as the folder is walked: a listing of 100,000 objects never sits whole in memory.
        // The first 32 KiB are held back, so a folder that fails early (LIST-8) still gets a clean
        // 500 instead of a 200 with part of the list.
        var pending = new ArrayBufferWriter<byte>(FlushThreshold * 2);
        var started = false;
        await using var json = new Utf8JsonWriter(pending, new JsonWriterOptions { SkipValidation = true });
        json.WriteStartArray();
        await foreach (var entry in entries.AsAsync().WithCancellation(context.RequestAborted))
        {
            if (v2)
            {
                json.WriteStartObject();
                json.WriteString("name"u8, entry.Name);
                json.WriteNumber("size"u8, entry.Size);
                json.WriteEndObject();
            }
            else
            {
                json.WriteStringValue(entry.Name);
            }
            if (json.BytesPending + pending.WrittenCount > FlushThreshold)
            {
                json.Flush();
                if (!started) Start(response, v2);
                started = true;
                await response.BodyWriter.WriteAsync(pending.WrittenMemory, context.RequestAborted);
                pending.ResetWrittenCount();
            }
        }
        json.WriteEndArray();
        json.Flush();
        if (!started) Start(response, v2);
        await response.BodyWriter.WriteAsync(pending.WrittenMemory, context.RequestAborted);
    }

    private static void Start(HttpResponse response, bool v2)
    {
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = v2 ? V2MediaType : V1MediaType;
    }

    // Hand the socket 32 KiB at a time while a listing streams.
    private const int FlushThreshold = 32 * 1024;
}
