using Kaya.Server.Repository;
using Kaya.Server.Storage;

namespace Kaya.Storage.S3;

/// <summary>
/// rest-server's layout as object keys under a prefix: <c>PREFIX/REPO/config</c>,
/// <c>PREFIX/REPO/data/xx/ID</c>, <c>PREFIX/REPO/{keys,locks,snapshots,index}/ID</c> — so a repository
/// copies between a folder and a bucket with ordinary tools, and restic's own s3 backend opens it.
/// </summary>
public sealed class S3Layout
{
    private readonly string _prefix;

    /// <param name="prefix">without leading or trailing '/'; empty: the bucket's root</param>
    public S3Layout(string prefix)
    {
        prefix = prefix.Trim('/');
        _prefix = prefix.Length == 0 ? "" : prefix + "/";
    }

    /// <summary>The prefix every key of the store starts with: empty or ending in '/'.</summary>
    public string Root => _prefix;

    /// <summary>The repository's own prefix, ending in '/'; also the key of the empty marker that says it was created.</summary>
    public string Repository(RepositoryPath repository) =>
        repository.Folders.Count == 0 ? _prefix : _prefix + repository.Name + "/";

    public string Config(RepositoryPath repository) => Repository(repository) + RepositoryNames.Config;

    public string Type(RepositoryPath repository, ObjectType type) => Repository(repository) + type.DirectoryName() + "/";

    public string Key(RepositoryPath repository, ObjectKey key)
    {
        if (key.IsConfig) return Config(repository);
        var id = key.Id.Value;
        return key.Type == ObjectType.Data
            ? $"{Type(repository, ObjectType.Data)}{id[..2]}/{id}"
            : Type(repository, key.Type) + id;
    }
}
