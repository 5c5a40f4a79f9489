using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Kaya.Server.Repository;

namespace Kaya.Server.Protocol;

/// <summary>
/// rest-server's Prometheus counters, same names and labels (METRICS-1): blob reads, writes and
/// deletes with <c>user</c>, <c>repo</c> and <c>type</c>. Config, listings and HEAD are not counted.
/// </summary>
public sealed class BlobMetrics
{
    private readonly ConcurrentDictionary<(string User, string Repo, string Type), Counters> _counters = new();

    private sealed class Counters
    {
        public long Reads, ReadBytes, Writes, WriteBytes, Deletes, DeleteBytes;
    }

    private Counters For(string user, RepositoryPath repo, ObjectType type) =>
        _counters.GetOrAdd((user, repo.Name, type.DirectoryName()), static _ => new Counters());

    public void Read(string user, RepositoryPath repo, ObjectType type, long bytes)
    {
        var c = For(user, repo, type);
        Interlocked.Increment(ref c.Reads);
        Interlocked.Add(ref c.ReadBytes, bytes);
    }

    public void Written(string user, RepositoryPath repo, ObjectType type, long bytes)
    {
        var c = For(user, repo, type);
        Interlocked.Increment(ref c.Writes);
        Interlocked.Add(ref c.WriteBytes, bytes);
    }

    public void Deleted(string user, RepositoryPath repo, ObjectType type, long bytes)
    {
        var c = For(user, repo, type);
        Interlocked.Increment(ref c.Deletes);
        Interlocked.Add(ref c.DeleteBytes, bytes);
    }

    /// <summary>The Prometheus text exposition format, version 0.0.4.</summary>
    public string Render()
    {
        var sb = new StringBuilder();
        var snapshot = _counters.ToArray();
        Family(sb, snapshot, "rest_server_blob_read_total", "Total number of blobs read", c => c.Reads);
        Family(sb, snapshot, "rest_server_blob_read_bytes_total", "Total number of bytes read from blobs", c => c.ReadBytes);
        Family(sb, snapshot, "rest_server_blob_write_total", "Total number of blobs written", c => c.Writes);
        Family(sb, snapshot, "rest_server_blob_write_bytes_total", "Total number of bytes written to blobs", c => c.WriteBytes);
        Family(sb, snapshot, "rest_server_blob_delete_total", "Total number of blobs deleted", c => c.Deletes);
        Family(sb, snapshot, "rest_server_blob_delete_bytes_total", "Total number of bytes of blobs deleted", c => c.DeleteBytes);
        return sb.ToString();
    }

    private static void Family(StringBuilder sb, KeyValuePair<(string User, string Repo, string Type), Counters>[] all, string name, string help, Func<Counters, long> value)
    {
        sb.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n');
        sb.Append("# TYPE ").Append(name).Append(" counter\n");
        foreach (var (key, counters) in all)
        {
            sb.Append(name).Append("{repo=\"").Append(Escape(key.Repo)).Append("\",type=\"").Append(key.Type)
              .Append("\",user=\"").Append(Escape(key.User)).Append("\"} ")
              .Append(value(counters).ToString(CultureInfo.InvariantCulture)).Append('\n');
        }
    }

    private static string Escape(string s) => s.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n");
}
