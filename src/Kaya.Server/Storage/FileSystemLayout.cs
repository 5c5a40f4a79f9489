using Kaya.Server.Repository;

namespace Kaya.Server.Storage;

/// <summary>
/// The on-disk layout rest-server uses, so existing backup roots work unchanged (STORE-1):
/// <c>ROOT/[a/[b/]]config</c>, <c>.../data/ab/abcd…</c>, <c>.../{index,keys,locks,snapshots}/abcd…</c>.
/// </summary>
public sealed class FileSystemLayout(string root)
{
    /// <summary>Marks temporary files; they are never listed and are swept at start-up (STORE-4).</summary>
    public const string TempMarker = ".kaya-tmp-";

    /// <summary>rest-server's temporary files, left behind when it crashed; swept too.</summary>
    public const string RestServerTempMarker = ".rest-server-temp";

    public string Root { get; } = Path.GetFullPath(root);

    public string RepositoryDirectory(RepositoryPath repository) =>
        repository.Folders.Count switch
        {
            0 => Root,
            1 => Path.Combine(Root, repository.Folders[0]),
            _ => Path.Combine(Root, repository.Folders[0], repository.Folders[1]),
        };

    public string TypeDirectory(RepositoryPath repository, ObjectType type) =>
        Path.Combine(RepositoryDirectory(repository), type.DirectoryName());

    public string FilePath(RepositoryPath repository, ObjectKey key)
    {
        if (key.IsConfig) return Path.Combine(RepositoryDirectory(repository), RepositoryNames.Config);
        var typeDir = TypeDirectory(repository, key.Type);
        return key.Type == ObjectType.Data
            ? Path.Combine(typeDir, key.Id.Value[..2], key.Id.Value)
            : Path.Combine(typeDir, key.Id.Value);
    }

    public static bool IsTemporary(ReadOnlySpan<char> fileName) =>
        fileName.Contains(TempMarker, StringComparison.Ordinal) ||
        fileName.Contains(RestServerTempMarker, StringComparison.Ordinal);
}
