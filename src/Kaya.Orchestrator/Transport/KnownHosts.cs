using System.Security.Cryptography;
using System.Text;

namespace Kaya.Orchestrator.Transport;

/// <summary>What a known_hosts file says about a host's key.</summary>
public enum HostKeyVerdict { Trusted, Unknown, Mismatch, Revoked }

/// <summary>
/// An OpenSSH known_hosts file: plain, wildcard and negated names, <c>[host]:port</c> entries,
/// hashed <c>|1|salt|hash</c> names and the @revoked marker (@cert-authority lines are skipped: no certificates here).
/// </summary>
public sealed class KnownHosts
{
    private readonly List<Entry> _entries;

    private KnownHosts(List<Entry> entries) => _entries = entries;

    private sealed record Entry(string? Marker, string[] Patterns, string KeyType, byte[] Key);

    /// <summary>Reads <paramref name="path"/>; a missing file knows no hosts.</summary>
    public static KnownHosts Load(string path) =>
        File.Exists(path) ? Parse(File.ReadAllText(path)) : new KnownHosts([]);

    public static KnownHosts Parse(string text)
    {
        var entries = new List<Entry>();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#') continue;
            var fields = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            string? marker = null;
            if (fields[0].StartsWith('@')) { marker = fields[0]; fields = fields[1..]; }
            if (fields.Length < 3 || marker == "@cert-authority") continue;
            byte[] key;
            try { key = Convert.FromBase64String(fields[2]); }
            catch (FormatException) { continue; }
            entries.Add(new Entry(marker, fields[0].Split(','), fields[1], key));
        }
        return new KnownHosts(entries);
    }

    /// <summary>Checks <paramref name="key"/> (the SSH wire blob) offered by <paramref name="host"/>:<paramref name="port"/>.</summary>
    public HostKeyVerdict Check(string host, int port, byte[] key)
    {
        var name = port == 22 ? host : $"[{host}]:{port}";
        var type = KeyTypeOf(key);
        var verdict = HostKeyVerdict.Unknown;
        foreach (var entry in _entries)
        {
            if (!Matches(entry.Patterns, name)) continue;
            var same = CryptographicOperations.FixedTimeEquals(entry.Key, key);
            if (entry.Marker == "@revoked")
            {
                if (same) return HostKeyVerdict.Revoked;
                continue;
            }
            if (same) verdict = HostKeyVerdict.Trusted;
            else if (verdict == HostKeyVerdict.Unknown && KeyTypeOf(entry.Key) == type) verdict = HostKeyVerdict.Mismatch;
        }
        return verdict;
    }

    /// <summary>The key types known_hosts lists for the host (not revoked), so a client can ask for those first as ssh does.</summary>
    public IReadOnlySet<string> KeyTypesFor(string host, int port)
    {
        var name = port == 22 ? host : $"[{host}]:{port}";
        return _entries.Where(e => e.Marker is null && Matches(e.Patterns, name)).Select(e => KeyTypeOf(e.Key)).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>The key type named inside an SSH public key blob (its first string).</summary>
    public static string KeyTypeOf(byte[] blob)
    {
        if (blob.Length < 4) return "";
        var length = (blob[0] << 24) | (blob[1] << 16) | (blob[2] << 8) | blob[3];
        return length < 0 || length > blob.Length - 4 ? "" : Encoding.ASCII.GetString(blob, 4, length);
    }

    /// <summary>The fingerprint as ssh prints it: SHA256:unpadded-base64.</summary>
    public static string Fingerprint(byte[] blob) => "SHA256:" + Convert.ToBase64String(SHA256.HashData(blob)).TrimEnd('=');

    private static bool Matches(string[] patterns, string name)
    {
        var matched = false;
        foreach (var pattern in patterns)
        {
            if (pattern.StartsWith("|1|", StringComparison.Ordinal))
            {
                if (HashedMatches(pattern, name)) matched = true;
            }
            else if (pattern.StartsWith('!'))
            {
                if (Wildcard(pattern[1..], name)) return false;
            }
            else if (Wildcard(pattern, name))
            {
                matched = true;
            }
        }
        return matched;
    }

    private static bool HashedMatches(string pattern, string name)
    {
        var parts = pattern.Split('|');
        if (parts.Length != 4) return false;
        try
        {
            var salt = Convert.FromBase64String(parts[2]);
            var expected = Convert.FromBase64String(parts[3]);
            var actual = HMACSHA1.HashData(salt, Encoding.UTF8.GetBytes(name));
            return CryptographicOperations.FixedTimeEquals(actual, expected);
        }
        catch (FormatException) { return false; }
    }

    /// <summary>OpenSSH's match_pattern: <c>*</c> and <c>?</c>, case-insensitive as host names are.</summary>
    private static bool Wildcard(string pattern, string name)
    {
        int p = 0, n = 0, star = -1, mark = 0;
        while (n < name.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || char.ToLowerInvariant(pattern[p]) == char.ToLowerInvariant(name[n]))) { p++; n++; }
            else if (p < pattern.Length && pattern[p] == '*') { star = p++; mark = n; }
            else if (star >= 0) { p = star + 1; n = ++mark; }
            else return false;
        }
        while (p < pattern.Length && pattern[p] == '*') p++;
        return p == pattern.Length;
    }
}
