using Microsoft.Extensions.Logging;

namespace Kaya.Server.Tests;

/// <summary>Keeps every log entry, with its exception, for tests that assert what was logged.</summary>
public sealed class CollectingLogger : ILogger, ILoggerProvider
{
    private readonly List<(LogLevel Level, string Message, Exception? Exception)> _entries = [];

    public IReadOnlyList<(LogLevel Level, string Message, Exception? Exception)> Entries { get { lock (_entries) return _entries.ToList(); } }

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (_entries) _entries.Add((logLevel, formatter(state, exception), exception));
    }

    public ILogger CreateLogger(string categoryName) => this;

    public void Dispose() { }
}
