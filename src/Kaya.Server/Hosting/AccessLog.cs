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
    // A null line asks the pump to reopen the file (SIGHUP after logrotate moved it); in order with the lines.
    private readonly Channel<string?> _lines = Channel.CreateUnbounded<string?>(new UnboundedChannelOptions { SingleReader = true });
    private readonly string _target;
    private TextWriter _writer;
    private readonly Task _pump;

    public AccessLog(string target)
    {
        _target = target;
        _writer = Open(target);
        _pump = PumpAsync();
    }

    private bool OwnsWriter => _target != "-";

    private static TextWriter Open(string target)
    {
        if (target == "-") return Console.Out;
        var stream = new FileStream(target, new FileStreamOptions { Mode = FileMode.Append, Access = FileAccess.Write, Share = FileShare.ReadWrite, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead });
        return new StreamWriter(stream);
    }

    /// <summary>Closes the file and opens its path again (creating it) once the lines queued so far are written: logrotate's SIGHUP.</summary>
    public void Reopen()
    {
        if (OwnsWriter) _lines.Writer.TryWrite(null);
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
            while (reader.TryRead(out var line))
            {
                if (line is not null)
                {
                    await _writer.WriteLineAsync(line);
                    continue;
                }
                await _writer.DisposeAsync();
                // A path that cannot be opened now (its folder gone): lines are dropped until the next reopen, not the server.
                try { _writer = Open(_target); }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    _writer = TextWriter.Null;
                    await Console.Error.WriteLineAsync($"kaya serve: cannot reopen the access log {_target}: {e.Message}; access lines are dropped until the next SIGHUP");
                }
            }
            await _writer.FlushAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _lines.Writer.TryComplete();
        await _pump;
        await _writer.FlushAsync();
        if (OwnsWriter) await _writer.DisposeAsync();
    }
}
