using Kaya.Server.Protocol;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Kaya.Server.Hosting;

/// <summary>What wraps the protocol: the access log, debug tracing and the metrics endpoint.</summary>
internal sealed partial class RequestPipeline(ResticProtocol protocol, BlobMetrics? metrics, KayaServerOptions options, AccessLog? accessLog, ILogger logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var start = options.Time.GetLocalNow();
        LogRequest(logger, context.Request.Method, context.Request.Path.Value);
        if (metrics is not null && context.Request.Path.Value == "/metrics")
        {
            await ServeMetricsAsync(context, metrics);
        }
        else
        {
            await protocol.HandleAsync(context);
        }
        accessLog?.Write(context, context.Request.Headers.Authorization.Count > 0 ? UserOf(context) : "", start);
    }

    /// <summary>
    /// METRICS-2: /metrics needs a valid user (under private repositories: the user "metrics"),
    /// unless --prometheus-no-auth.
    /// </summary>
    private async Task ServeMetricsAsync(HttpContext context, BlobMetrics blobMetrics)
    {
        if (!options.PrometheusNoAuth)
        {
            var user = protocol.Authenticate(context.Request);
            if (user is null || (options.Policy.Private && !options.Authentication.IsNone && user != "metrics"))
            {
                await Refusal.Unauthorized(context);
                return;
            }
        }
        var body = blobMetrics.Render();
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
        await context.Response.WriteAsync(body, context.RequestAborted);
    }

    private static string UserOf(HttpContext context) =>
        Kaya.Server.Access.BasicCredentials.TryParse(context.Request.Headers.Authorization, out var c) ? c.User : "";

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Method} {Path}")]
    private static partial void LogRequest(ILogger logger, string method, string? path);
}
