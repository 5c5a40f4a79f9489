using Kaya.Orchestrator.History;

namespace Kaya.Web;

/// <summary>Where the status page reads the fleet from. Called once per request; implementations must be thread-safe.</summary>
public interface IFleetSource
{
    /// <summary>The clock ages, "next due" and the 90-day plot window are measured against.</summary>
    TimeProvider Time { get; }

    /// <summary>Every host's status now.</summary>
    /// <exception cref="HistoryException">the history cannot be read (the page answers 503 naming the file)</exception>
    Task<FleetSnapshot> GetSnapshotAsync(CancellationToken cancellationToken);

    /// <summary>A host's runs, newest first, at most <paramref name="limit"/>, without logs.</summary>
    /// <exception cref="HistoryException">the history cannot be read</exception>
    Task<IReadOnlyList<RunRecord>> GetRunsAsync(string host, int limit, CancellationToken cancellationToken);
}
