using System.Collections.Frozen;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kaya.Server.Access;

/// <summary>
/// Users from an htpasswd file (bcrypt <c>$2a$/$2b$/$2y$</c> and <c>{SHA}</c>, AUTH-2). The file is
/// checked on every request, so an added, changed or removed user is in force for the next one
/// (AUTH-3). Successful checks are cached under a digest of user:password and dropped on reload;
/// failures are never cached (AUTH-4).
/// </summary>
public sealed partial class HtpasswdFile : IAuthenticator
{
    // htpasswd -B writes cost 5 unless told otherwise (-C); used when the file has no bcrypt entry.
    private const int HtpasswdDefaultCost = 5;
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<int, string> DummyHashes = new();

    private readonly string _path;
    private readonly ILogger _logger;
    private readonly Lock _reloadLock = new();
    private volatile Snapshot _snapshot;

    /// <param name="logger">names each line that cannot be used, once per load (start-up and every reload)</param>
    /// <exception cref="FileNotFoundException">the file does not exist</exception>
    public HtpasswdFile(string path, ILogger? logger = null)
    {
        _path = Path.GetFullPath(path);
        _logger = logger ?? NullLogger.Instance;
        _snapshot = Load(_path, Stamp(_path) ?? throw new FileNotFoundException(
            $"cannot read htpasswd file {_path}: it does not exist (create it with 'htpasswd -B -c {_path} USER', or use --no-auth)", _path));
    }

    public bool Validate(string user, string password)
    {
        var snapshot = Current();
        var key = CacheKey(user, password);
        if (snapshot.Cache.ContainsKey(key)) return true;

        if (!snapshot.Users.TryGetValue(user, out var hash))
        {
            // An unknown user pays the same bcrypt as a wrong password, at the file's own cost, so
            // timing does not reveal which users exist (AUTH-5).
            BCrypt.Net.BCrypt.Verify(password, DummyHash(snapshot.BcryptCost));
            return false;
        }
        if (!Matches(password, hash)) return false;
        snapshot.Cache.TryAdd(key, 0);
        return true;
    }

    private Snapshot Current()
    {
        var snapshot = _snapshot;
        var stamp = Stamp(_path);
        if (stamp == snapshot.Stamp) return snapshot;
        lock (_reloadLock)
        {
            if (_snapshot.Stamp == stamp) return _snapshot;
            Reread(stamp);
            return _snapshot;
        }
    }

    /// <summary>
    /// Reads the file now, whatever its stamp says (SIGHUP): an edit that kept mtime, size and birth time
    /// is seen too. A file that is gone or unreadable leaves nobody in, as on a per-request check.
    /// </summary>
    public void Reload()
    {
        lock (_reloadLock) Reread(Stamp(_path));
    }

    /// <summary>Under the reload lock. A file that vanished or cannot be read leaves nobody in: fail closed.</summary>
    private void Reread(FileStamp? stamp)
    {
        try { _snapshot = stamp is null ? Snapshot.Empty : Load(_path, stamp.Value); }
        catch (IOException) { _snapshot = Snapshot.Empty; }
        catch (UnauthorizedAccessException) { _snapshot = Snapshot.Empty; }
    }

    private static bool IsSupported(string hash) =>
        hash.StartsWith("$2a$", StringComparison.Ordinal) || hash.StartsWith("$2b$", StringComparison.Ordinal) ||
        hash.StartsWith("$2y$", StringComparison.Ordinal) || hash.StartsWith("{SHA}", StringComparison.Ordinal);

    [LoggerMessage(Level = LogLevel.Warning, Message = "htpasswd file {Path}, line {Line}: {Problem}; the line is ignored")]
    private static partial void LogUnusableLine(ILogger logger, string path, int line, string problem);

    private static bool Matches(string password, string hash)
    {
        if (hash.StartsWith("$2a$", StringComparison.Ordinal) || hash.StartsWith("$2b$", StringComparison.Ordinal) || hash.StartsWith("$2y$", StringComparison.Ordinal))
        {
            try { return BCrypt.Net.BCrypt.Verify(password, hash); }
            catch (BCrypt.Net.SaltParseException) { return false; }
        }
        if (hash.StartsWith("{SHA}", StringComparison.Ordinal))
        {
            var expected = Encoding.ASCII.GetBytes(hash[5..]);
            var actual = Encoding.ASCII.GetBytes(Convert.ToBase64String(SHA1.HashData(Encoding.UTF8.GetBytes(password))));
            return CryptographicOperations.FixedTimeEquals(actual, expected);
        }
        return false;
    }

    private static string CacheKey(string user, string password) =>
        Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(user + ":" + password)));

    private readonly record struct FileStamp(DateTime Modified, long Length, DateTime Created);

    private static FileStamp? Stamp(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists) return null;
        // mtime has nanosecond resolution on Linux; size and birth time catch a same-instant replacement.
        return new FileStamp(info.LastWriteTimeUtc, info.Length, info.CreationTimeUtc);
    }

    private Snapshot Load(string path, FileStamp stamp)
    {
        var users = new Dictionary<string, string>(StringComparer.Ordinal);
        var number = 0;
        foreach (var raw in File.ReadLines(path))
        {
            number++;
            var line = raw.TrimStart();
            if (line.Length == 0 || line[0] == '#') continue;
            var colon = line.IndexOf(':');
            if (colon <= 0)
            {
                LogUnusableLine(_logger, path, number, "it is not of the form USER:HASH");
                continue;
            }
            var user = line[..colon];
            var hash = line[(colon + 1)..].TrimEnd();
            if (!IsSupported(hash))
            {
                LogUnusableLine(_logger, path, number, $"the hash of user \"{user}\" is in a format kaya does not read (bcrypt or {{SHA}} only: htpasswd -B)");
                continue;
            }
            users[user] = hash;
        }
        return new Snapshot(stamp, users.ToFrozenDictionary(StringComparer.Ordinal), BcryptCostOf(users.Values));
    }

    internal static int BcryptCostOf(IEnumerable<string> hashes)
    {
        foreach (var hash in hashes)
        {
            // $2y$05$…: the two digits after the third '$' are the cost.
            if (hash.Length > 7 && hash[0] == '$' && hash[1] == '2' && hash[3] == '$' && int.TryParse(hash.AsSpan(4, 2), out var cost)) return cost;
        }
        return HtpasswdDefaultCost;
    }

    private static string DummyHash(int cost) =>
        DummyHashes.GetOrAdd(cost, static c => BCrypt.Net.BCrypt.HashPassword(Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16)), c));

    private sealed class Snapshot(FileStamp? stamp, FrozenDictionary<string, string> users, int bcryptCost)
    {
        public static readonly Snapshot Empty = new(null, FrozenDictionary<string, string>.Empty, HtpasswdDefaultCost);
        public int BcryptCost { get; } = bcryptCost;
        public FileStamp? Stamp { get; } = stamp;
        public FrozenDictionary<string, string> Users { get; } = users;
        public System.Collections.Concurrent.ConcurrentDictionary<string, byte> Cache { get; } = new(StringComparer.Ordinal);
    }
}
