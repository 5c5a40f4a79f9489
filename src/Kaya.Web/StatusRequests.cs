using System.Text;
using System.Text.Json;
using Kaya.Orchestrator.History;
using Kaya.Orchestrator.Monitoring;
using Kaya.Server.Access;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Kaya.Web;

/// <summary>
/// Answers every request of the status listener, in order: only GET and HEAD (405), only this listener's names in
/// the Host header (421), the user when status_htpasswd is set (401), then the route. Every answer carries the
/// security headers, the errors included.
/// </summary>
internal sealed partial class StatusRequests(StatusServerOptions options, IAuthenticator? users, AllowedHosts hosts, ILogger logger)
{
    /// <summary>Runs in /api/hosts/HOST/runs without ?limit=: 20, as <c>kaya HOST history</c>.</summary>
    private const int DefaultApiRuns = 20;

    /// <summary>The most ?limit= may ask for: 10 000, several years of nightly runs in one answer.</summary>
    private const int MaxApiRuns = 10_000;

    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        var response = context.Response;
        response.Headers.ContentSecurityPolicy = PageStyle.ContentSecurityPolicy;
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers["Referrer-Policy"] = "no-referrer";
        response.Headers.XFrameOptions = "DENY";
        response.Headers.CacheControl = "no-store";

        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method))
        {
            response.Headers.Allow = "GET, HEAD";
            await TextAsync(context, StatusCodes.Status405MethodNotAllowed, "the status page is read-only: GET and HEAD only\n");
            return;
        }
        if (!hosts.Allows(request.Headers.Host.ToString(), context.Connection.LocalIpAddress))
        {
            // Not echoed: the name is the requester's, and this answer is about ours.
            await TextAsync(context, StatusCodes.Status421MisdirectedRequest, $"this is kaya's status page at {hosts.Example}; the request named another host (DNS rebinding is refused)\n");
            return;
        }
        if (users is not null && !(BasicCredentials.TryParse(request.Headers.Authorization, out var credentials) && users.Validate(credentials.User, credentials.Password)))
        {
            response.Headers.WWWAuthenticate = "Basic realm=\"kaya status\", charset=\"UTF-8\"";
            await TextAsync(context, StatusCodes.Status401Unauthorized, "log in with a user of status_htpasswd\n");
            return;
        }

        try
        {
            await RouteAsync(context);
        }
        catch (HistoryException e)
        {
            LogHistoryFailed(logger, e, e.Message);
            await TextAsync(context, StatusCodes.Status503ServiceUnavailable, e.Message + "\n");
        }
    }

    /// <summary>The answer in the instant between binding and the handler being set.</summary>
    public static Task StartingAsync(HttpContext context) =>
        TextAsync(context, StatusCodes.Status503ServiceUnavailable, "the status page is starting\n");

    private async Task RouteAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        var ct = context.RequestAborted;
        var source = options.Source;
        switch (Segments(path))
        {
            case []:
            {
                var snapshot = await source.GetSnapshotAsync(ct);
                var sort = FleetSort.Parse(context.Request.Query["sort"], context.Request.Query["order"]);
                await HtmlAsync(context, FleetPage.Render(snapshot, sort, links: true));
                return;
            }
            case ["host", var name]:
            {
                var snapshot = await source.GetSnapshotAsync(ct);
                if (snapshot.Hosts.FirstOrDefault(h => h.Host == name) is not { } host) { await UnknownHostAsync(context, name); return; }
                var runs = await source.GetRunsAsync(name, HostPage.PlotRuns, ct);
                await HtmlAsync(context, HostPage.Render(host, runs, snapshot));
                return;
            }
            case ["api", "status"]:
            {
                var snapshot = await source.GetSnapshotAsync(ct);
                var document = StatusJson.Status(snapshot.Hosts, snapshot.UnconfiguredRepositories, snapshot.GeneratedAt);
                await JsonAsync(context, JsonSerializer.SerializeToUtf8Bytes(document, StatusJsonContext.Default.StatusDocument));
                return;
            }
            case ["api", "hosts", var name, "runs"]:
            {
                var snapshot = await source.GetSnapshotAsync(ct);
                if (snapshot.Hosts.All(h => h.Host != name)) { await UnknownHostAsync(context, name); return; }
                var limit = int.TryParse(context.Request.Query["limit"], out var l) ? l : DefaultApiRuns;
                if (limit is < 1 or > MaxApiRuns)
                {
                    await TextAsync(context, StatusCodes.Status400BadRequest, $"limit must be from 1 to {MaxApiRuns}\n");
                    return;
                }
                var runs = await source.GetRunsAsync(name, limit, ct);
                await JsonAsync(context, JsonSerializer.SerializeToUtf8Bytes(StatusJson.History(name, runs), StatusJsonContext.Default.HistoryDocument));
                return;
            }
            case ["metrics"]:
            {
                var text = options.Metrics is { } metrics ? await metrics(ct) : FleetMetrics.Render((await source.GetSnapshotAsync(ct)).Hosts);
                await WriteAsync(context, StatusCodes.Status200OK, "text/plain; version=0.0.4; charset=utf-8", Encoding.UTF8.GetBytes(text));
                return;
            }
            default:
                await TextAsync(context, StatusCodes.Status404NotFound, "no such page: the pages are /, /host/HOST, /api/status, /api/hosts/HOST/runs and /metrics\n");
                return;
        }
    }

    /// <summary>The path's segments (Kestrel has decoded them once; host names need no escapes); a trailing slash is ignored.</summary>
    private static string[] Segments(string path) => path.Split('/', StringSplitOptions.RemoveEmptyEntries);

    private static Task UnknownHostAsync(HttpContext context, string name) =>
        // The name is the requester's: text/plain with nosniff, so it cannot become markup.
        TextAsync(context, StatusCodes.Status404NotFound, $"no host \"{name}\" in hosts.d\n");

    private static Task HtmlAsync(HttpContext context, string html) =>
        WriteAsync(context, StatusCodes.Status200OK, "text/html; charset=utf-8", Encoding.UTF8.GetBytes(html));

    private static Task JsonAsync(HttpContext context, byte[] json) =>
        WriteAsync(context, StatusCodes.Status200OK, "application/json; charset=utf-8", [.. json, (byte)'\n']);

    private static Task TextAsync(HttpContext context, int status, string text) =>
        WriteAsync(context, status, "text/plain; charset=utf-8", Encoding.UTF8.GetBytes(text));

    private static async Task WriteAsync(HttpContext context, int status, string contentType, byte[] body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        context.Response.ContentLength = body.Length;
        // HEAD: the headers a GET would send, no body.
        if (!HttpMethods.IsHead(context.Request.Method)) await context.Response.Body.WriteAsync(body, context.RequestAborted);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Status page: {Message}")]
    private static partial void LogHistoryFailed(ILogger logger, Exception exception, string message);
}
