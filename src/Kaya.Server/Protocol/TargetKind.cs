namespace Kaya.Server.Protocol;

/// <summary>What a request path names inside a repository.</summary>
public enum TargetKind
{
    /// <summary><c>{repo}/</c>: create the repository.</summary>
    Repository,
    /// <summary><c>{repo}/config</c>.</summary>
    Config,
    /// <summary><c>{repo}/{type}/</c>: list objects of a type.</summary>
    List,
    /// <summary><c>{repo}/{type}/{id}</c>.</summary>
    Object,
}
