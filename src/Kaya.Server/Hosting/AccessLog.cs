using System.Globalization;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http;

namespace Kaya.Server.Hosting;

/// <summary>
/// Apache combined log lines, as rest-server's --log writes them. Lines are queued and written by one
/// background task, so a slow disk never holds up a request.
/// </summary>
internal sealed class AccessLog : IAsyncDisposable
{
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
    private readonly TextWriter _writer;
    private readonly bool _ownsWriter;
    private readonly Task _pump;

    public AccessLog(string target)
    {
        if (target == "-")
        {
            _writer = Console.Out;
        }
        else
        {
            var stream = new FileStream(target, new FileStreamOptions { Mode = FileMode.Append, Access = FileAccess.Write, Share = FileShare.ReadWrite, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead });
            _writer = new StreamWriter(stream);
            _ownsWriter = true;
        }
        _pump = PumpAsync();
    }

    public void Write(HttpContext context, string user, DateTimeOffset start)
    {
        var request = context.Request;
        var response = context.Response;
        var size = response.ContentLength?.ToString(CultureInfo.InvariantCulture) ?? "-";
        var line = string.Create(CultureInfo.InvariantCulture,
            $"{context.Connection.RemoteIpAddress?.ToString() ?? "-"} - {(user.Length == 0 ? "-" : user)} [{start:dd/MMM/yyyy:HH:mm:ss} {start.ToString("zzz", CultureInfo.InvariantCulture).Replace(":", "")}] \"{request.Method} {request.Path}{request.QueryString} {request.Protocol}\" {response.StatusCode} {size} \"{request.Headers.Referer}\" \"{request.Headers.UserAgent}\"");
        _lines.Writer.TryWrite(line);
    }

    private async Task PumpAsync()
    {
        var reader = _lines.Reader;
        while (await reader.WaitToReadAsync())
        {
            while (reader.TryRead(out var line)) await _writer.WriteLineAsync(line);
            await _writer.FlushAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _lines.Writer.TryComplete();
        await _pump;
        await _writer.FlushAsync();
        if (_ownsWriter) await _writer.DisposeAsync();
    }
}
