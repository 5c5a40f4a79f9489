using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Kaya.Orchestrator.Lifecycle;

/// <summary>Writes a time as RFC 3339 in UTC with a Z (<c>2026-11-30T10:20:00.1234567Z</c>); reads any RFC 3339 offset.</summary>
public sealed class Rfc3339UtcConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        DateTimeOffset.Parse(reader.GetString() ?? throw new JsonException("a time must be a string"), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture));
}
