using Microsoft.Data.Sqlite;

namespace Kaya.Orchestrator.History;

public sealed partial class HistoryStore
{
    private const string ForgetColumns = "id, host, started_ms, ended_ms, trigger, kept, removed, pruned, outcome, reason";

    /// <summary>Records one forget of one host; returns its id.</summary>
    /// <exception cref="HistoryException">the database failed</exception>
    public Task<long> RecordForgetAsync(ForgetRecord forget, CancellationToken cancellationToken = default) =>
        Guard(async () =>
        {
            await using var connection = await ConnectAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = """
                INSERT INTO forgets (host, started_ms, ended_ms, trigger, kept, removed, pruned, outcome, reason)
                VALUES ($host, $started, $ended, $trigger, $kept, $removed, $pruned, $outcome, $reason)
                RETURNING id
                """;
            void Add(string name, object? value) => command.Parameters.AddWithValue(name, value ?? DBNull.Value);
            Add("$host", forget.Host);
            Add("$started", forget.Started.ToUnixTimeMilliseconds());
            Add("$ended", forget.Ended.ToUnixTimeMilliseconds());
            Add("$trigger", forget.Trigger.ToText());
            Add("$kept", forget.Kept);
            Add("$removed", forget.Removed);
            Add("$pruned", forget.Pruned ? 1 : 0);
            Add("$outcome", forget.Outcome.ToText());
            Add("$reason", forget.Reason);
            return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken));
        });

    /// <summary>Each host's most recent forget (of any outcome), by host name.</summary>
    /// <exception cref="HistoryException">the database failed</exception>
    public Task<IReadOnlyList<ForgetRecord>> GetLastForgetsAsync(CancellationToken cancellationToken = default) => LastForgetsAsync("1", cancellationToken);

    /// <summary>Each host's most recent forget that succeeded (the daemon's due-ness), by host name.</summary>
    /// <exception cref="HistoryException">the database failed</exception>
    public Task<IReadOnlyList<ForgetRecord>> GetLastSucceededForgetsAsync(CancellationToken cancellationToken = default) =>
        LastForgetsAsync("outcome = 'succeeded'", cancellationToken);

    /// <summary>A host's forgets, newest first, at most <paramref name="limit"/>.</summary>
    /// <exception cref="HistoryException">the database failed</exception>
    public Task<IReadOnlyList<ForgetRecord>> ListForgetsAsync(string host, int limit, CancellationToken cancellationToken = default) =>
        Guard(() => QueryForgetsAsync($"SELECT {ForgetColumns} FROM forgets WHERE host = $host ORDER BY ended_ms DESC, id DESC LIMIT $limit",
            cancellationToken, ("$host", host), ("$limit", limit)));

    private Task<IReadOnlyList<ForgetRecord>> LastForgetsAsync(string condition, CancellationToken cancellationToken) =>
        Guard(() => QueryForgetsAsync($"""
            SELECT {ForgetColumns} FROM (
                SELECT *, ROW_NUMBER() OVER (PARTITION BY host ORDER BY ended_ms DESC, id DESC) AS n FROM forgets WHERE {condition})
            WHERE n = 1 ORDER BY host
            """, cancellationToken));

    private async Task<IReadOnlyList<ForgetRecord>> QueryForgetsAsync(string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var connection = await ConnectAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var forgets = new List<ForgetRecord>();
        while (await reader.ReadAsync(cancellationToken)) forgets.Add(Read(reader));
        return forgets;
    }

    private static ForgetRecord Read(SqliteDataReader reader)
    {
        int? Number(int i) => reader.IsDBNull(i) ? null : reader.GetInt32(i);
        return new ForgetRecord(reader.GetString(1), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)),
            RunOutcomes.ParseTrigger(reader.GetString(4)), Number(5), Number(6), reader.GetInt64(7) != 0, ForgetOutcomes.Parse(reader.GetString(8)),
            reader.IsDBNull(9) ? null : reader.GetString(9)) { Id = reader.GetInt64(0) };
    }
}
