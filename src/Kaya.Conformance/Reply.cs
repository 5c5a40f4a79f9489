using System.Text;

namespace Kaya.Conformance;

/// <summary>An HTTP answer as it came over the wire: status, every header (response and content), body.</summary>
public sealed class Reply(int status, IReadOnlyDictionary<string, string> headers, byte[] body)
{
    public int Status { get; } = status;
    public IReadOnlyDictionary<string, string> Headers { get; } = headers;
    public byte[] Body { get; } = body;

    public string? Header(string name) => Headers.TryGetValue(name, out var v) ? v : null;

    public string Text => Encoding.UTF8.GetString(Body);

    /// <summary>Short form for failure messages: status and the start of the body.</summary>
    public override string ToString()
    {
        if (Body.Length == 0) return $"{Status}";
        // Object bytes are random: show their size, not mojibake.
        if (Body.Any(b => b < 0x09 || b is > 0x0d and < 0x20 || b >= 0x7f)) return $"{Status} ({Body.Length} bytes)";
        var text = Text.ReplaceLineEndings("\\n");
        if (text.Length > 80) text = text[..80] + "…";
        return $"{Status} \"{text}\"";
    }

    // ---- expectations: each throws CaseFailedException naming what was wanted and what came ----

    public Reply Is(int status, string? what = null)
    {
        if (Status != status) Fail($"{Prefix(what)}got {this}, want {status}");
        return this;
    }

    public Reply IsOneOf(params int[] statuses)
    {
        if (!statuses.Contains(Status)) Fail($"got {this}, want {string.Join(" or ", statuses)}");
        return this;
    }

    public Reply HasHeader(string name, string expected)
    {
        var actual = Header(name);
        if (actual != expected) Fail($"{Status}: header {name} is {Show(actual)}, want \"{expected}\"");
        return this;
    }

    public Reply LacksHeader(string name)
    {
        if (Header(name) is { } v) Fail($"{Status}: unexpected header {name}: {v}");
        return this;
    }

    public Reply HasBody(byte[] expected)
    {
        if (!Body.AsSpan().SequenceEqual(expected))
            Fail($"{Status}: body differs ({Body.Length} bytes, want {expected.Length} bytes{FirstDifference(expected)})");
        return this;
    }

    public Reply HasBody(string expected)
    {
        if (Text != expected) Fail($"{Status}: body is \"{Text.ReplaceLineEndings("\\n")}\", want \"{expected.ReplaceLineEndings("\\n")}\"");
        return this;
    }

    /// <summary>A JSON array with no elements, whatever whitespace surrounds it.</summary>
    public Reply HasEmptyJsonArray()
    {
        try
        {
            using var doc = System.Text.Json.JsonDocument.Parse(Body);
            if (doc.RootElement.ValueKind == System.Text.Json.JsonValueKind.Array && doc.RootElement.GetArrayLength() == 0) return this;
        }
        catch (System.Text.Json.JsonException)
        {
        }
        Fail($"{Status}: body is {this}, want an empty JSON array []");
        return this;
    }

    public Reply HasEmptyBody()
    {
        if (Body.Length != 0) Fail($"{Status}: body is not empty: {this}");
        return this;
    }

    public Reply HasContentLength(long expected)
    {
        var actual = Header("Content-Length");
        if (actual != expected.ToString(System.Globalization.CultureInfo.InvariantCulture))
            Fail($"{Status}: Content-Length is {Show(actual)}, want {expected}");
        return this;
    }

    private string FirstDifference(byte[] expected)
    {
        var n = Math.Min(Body.Length, expected.Length);
        for (var i = 0; i < n; i++)
        {
            if (Body[i] != expected[i]) return $", first difference at offset {i}";
        }
        return "";
    }

    private static string Prefix(string? what) => what is null ? "" : what + ": ";
    private static string Show(string? v) => v is null ? "absent" : $"\"{v}\"";

    public static void Fail(string message) => throw new CaseFailedException(message);
}
