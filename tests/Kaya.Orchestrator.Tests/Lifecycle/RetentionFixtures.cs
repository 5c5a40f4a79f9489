using Kaya.Orchestrator.Lifecycle;

namespace Kaya.Orchestrator.Tests.Lifecycle;

/// <summary>Readable snapshot ids (the short id says real or forged) and a month of simulated daily runs.</summary>
internal static class RetentionFixtures
{
    /// <summary>An id whose short form is <paramref name="prefix"/> and the number, e.g. a0070000 for the 7th real snapshot.</summary>
    public static string Id(char prefix, int n) => $"{prefix}{n:d3}".PadRight(64, '0');

    public static DateTimeOffset Utc(int month, int day, int hour, int minute = 0) => new(2026, month, day, hour, minute, 0, TimeSpan.Zero);

    /// <summary>One honest snapshot a day in November 2026 at 02:00 UTC, each from its own run; client time = arrival − 30 s.</summary>
    public static List<SnapshotArrival> RealMonth() =>
        [.. Enumerable.Range(1, 30).Select(day =>
        {
            var arrival = Utc(11, day, 2);
            return new SnapshotArrival(Id('a', day), arrival.AddSeconds(-30), arrival, ArrivalSource.Ledger, $"run-{day:d2}");
        })];
}
