using System.Collections.Concurrent;
using System.Net;
using Kaya.Server.Access;
using Kaya.Server.Protocol;
using Kaya.Server.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Kaya.Storage.S3.Tests.Support;

/// <summary>
/// Kaya's protocol over any store, on Kestrel at 127.0.0.1 and a free port. KayaServerOptions cannot
/// take a store yet, so this hosts <see cref="ResticProtocol"/> directly, without authentication.
/// </summary>
public sealed class ProtocolHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ProtocolHost(WebApplication app, Uri address, CollectingLogger log)
    {
        _app = app;
        Address = address;
        Log = log;
    }

    public Uri Address { get; }

    /// <summary>What the protocol logged, one formatted line per entry.</summary>
    public CollectingLogger Log { get; }

    public static async Task<ProtocolHost> StartAsync(IRepositoryStore store, RepositoryPolicy? policy = null)
    {
        var log = new CollectingLogger();
        var protocol = new ResticProtocol(store, null, new UniformPolicy(policy ?? RepositoryPolicy.Default), null, null, log);
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, 0);
            k.Limits.MaxRequestBodySize = null;
        });
        var app = builder.Build();
        app.Run(protocol.HandleAsync);
        await app.StartAsync();
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new ProtocolHost(app, new Uri(bound), log);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

public sealed class CollectingLogger : ILogger
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyCollection<string> Lines => _lines;

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        _lines.Enqueue($"{logLevel}: {formatter(state, exception)}");
}
