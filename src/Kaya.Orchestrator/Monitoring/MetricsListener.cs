using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Kaya.Orchestrator.Monitoring;

/// <summary>
/// The daemon's <c>status_listen</c>: <c>GET /metrics</c> in the Prometheus text format, anything else 404. A seam
/// for the status page (issue 13), whose server takes this one's place and serves /metrics the same way.
/// </summary>
public sealed class MetricsListener : IAsyncDisposable
{
    private readonly WebApplication _app;

    private MetricsListener(WebApplication app) => _app = app;

    /// <exception cref="IOException">the address could not be bound (in use, or not on this machine)</exception>
    public static async Task<MetricsListener> StartAsync(IPEndPoint endpoint, Func<CancellationToken, Task<string>> metrics, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Services.AddSingleton(loggerFactory);
        builder.Services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k => k.Listen(endpoint));
        var app = builder.Build();
        app.Run(async context =>
        {
            if (context.Request.Path != "/metrics" || !HttpMethods.IsGet(context.Request.Method))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }
            var text = await metrics(context.RequestAborted);
            // The Prometheus text exposition format's media type.
            context.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
            await context.Response.WriteAsync(text, context.RequestAborted);
        });
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
        return new MetricsListener(app);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }
}
