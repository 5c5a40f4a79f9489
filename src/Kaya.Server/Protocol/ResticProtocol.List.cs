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
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = v2 ? V2MediaType : V1MediaType;

        // Streamed as the folder is walked: a listing of 100,000 objects never sits whole in memory.
        var body = response.BodyWriter;
        await using var json = new Utf8JsonWriter(body, new JsonWriterOptions { SkipValidation = true });
        json.WriteStartArray();
        // A remote store pages asynchronously; a folder walk is synchronous and wrapped.
        var items = entries as IAsyncEnumerable<ObjectEntry> ?? entries.ToAsyncEnumerable();
        await foreach (var entry in items.WithCancellation(context.RequestAborted))
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
            if (json.BytesPending > FlushThreshold)
            {
                await json.FlushAsync(context.RequestAborted);
                await body.FlushAsync(context.RequestAborted);
            }
        }
        json.WriteEndArray();
        await json.FlushAsync(context.RequestAborted);
    }

    // Hand the socket 32 KiB at a time while a listing streams.
    private const int FlushThreshold = 32 * 1024;
}
