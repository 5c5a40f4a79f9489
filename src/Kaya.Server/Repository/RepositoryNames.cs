namespace Kaya.Server.Repository;

/// <summary>Fixed names inside a restic repository, spelled once (PATH-4).</summary>
public static class RepositoryNames
{
    /// <summary>The repository's config file, beside the type folders; its presence makes a folder a repository.</summary>
    public const string Config = "config";
}
