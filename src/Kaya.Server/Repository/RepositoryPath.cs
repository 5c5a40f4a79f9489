namespace Kaya.Server.Repository;

/// <summary>
/// Where a repository lives below the server root: zero, one or two folder names (PATH-1, PATH-3).
/// </summary>
public sealed record RepositoryPath(IReadOnlyList<string> Folders)
{
    /// <summary>Repositories nest at most two levels, as in rest-server (<c>/user/repo/</c>).</summary>
    public const int MaxDepth = 2;

    public static readonly RepositoryPath Root = new(Array.Empty<string>());

    /// <summary>The first folder: under private repositories it must be the user's name (PRIV-1).</summary>
    public string? Owner => Folders.Count > 0 ? Folders[0] : null;

    /// <summary>The folder path joined with '/', empty for the root repository (as in metrics labels).</summary>
    public string Name => string.Join('/', Folders);

    public bool Equals(RepositoryPath? other) => other is not null && Folders.SequenceEqual(other.Folders);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var f in Folders) hash.Add(f);
        return hash.ToHashCode();
    }

    public override string ToString() => "/" + (Folders.Count == 0 ? "" : Name + "/");

    /// <summary>A folder name is usable when it cannot step out of the root or hide a separator (PATH-6).</summary>
    public static bool IsValidFolder(string name) =>
        name.Length > 0 && name is not "." and not ".." && name.IndexOfAny(['\0', '/', '\\']) < 0;
}
