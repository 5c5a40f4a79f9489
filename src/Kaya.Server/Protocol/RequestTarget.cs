using Kaya.Server.Repository;

namespace Kaya.Server.Protocol;

/// <summary>A parsed request path: the repository and what is asked of it.</summary>
public sealed record RequestTarget(RepositoryPath Repository, TargetKind Kind, ObjectType Type = default, ObjectId Id = default)
{
    /// <summary>
    /// The decoded path of a request. Kestrel decodes every escape but <c>%2F</c>; rest-server treats
    /// <c>%2F</c> as '/', so "/u%2Fsub/" is "/u/sub/" (PATH-7). Such a path is decoded afresh from the
    /// raw target, once, so that "%252F" stays a literal "%2F".
    /// </summary>
    public static string DecodePath(string decodedByKestrel, string? rawTarget)
    {
        if (!decodedByKestrel.Contains('%') || rawTarget is null) return decodedByKestrel;
        var query = rawTarget.IndexOf('?');
        var raw = query >= 0 ? rawTarget[..query] : rawTarget;
        return Uri.UnescapeDataString(raw);
    }

    /// <summary>
    /// Splits a decoded URL path into repository folders and the remainder, as restic's clients and
    /// rest-server 0.14.0 agree: at most two folders, scanning stops at a type name or at the last
    /// component (PATH-1..PATH-6, PATH-9). Returns null for a path that names nothing (404).
    /// </summary>
    public static RequestTarget? Parse(string path)
    {
        if (path.Length == 0 || path[0] != '/') return null;

        var parts = path.Split('/');
        // PATH-9: no segment may start with '.': Kaya's own files and folders (.kaya*, .htpasswd,
        // temporaries) are never reachable, in any mode. restic never sends such a segment.
        foreach (var part in parts)
        {
            if (part.StartsWith('.')) return null;
        }
        // parts[0] is "" before the leading slash; the last part is never a folder.
        var folders = new List<string>(RepositoryPath.MaxDepth);
        var i = 1;
        for (; i < parts.Length - 1 && folders.Count < RepositoryPath.MaxDepth; i++)
        {
            if (ObjectTypes.IsReservedName(parts[i])) break;
            if (!RepositoryPath.IsValidFolder(parts[i])) return null;
            folders.Add(parts[i]);
        }

        var repo = folders.Count == 0 ? RepositoryPath.Root : new RepositoryPath(folders);
        var rest = parts.AsSpan(i);
        switch (rest.Length)
        {
            case 1 when rest[0].Length == 0:
                return new RequestTarget(repo, TargetKind.Repository);
            case 1 when rest[0] == RepositoryNames.Config:
                return new RequestTarget(repo, TargetKind.Config);
            case 2 when ObjectTypes.TryParse(rest[0], out var listType) && rest[1].Length == 0:
                return new RequestTarget(repo, TargetKind.List, listType);
            case 2 when ObjectTypes.TryParse(rest[0], out var type) && ObjectId.IsValid(rest[1]):
                return new RequestTarget(repo, TargetKind.Object, type, new ObjectId(rest[1]));
            default:
                return null;
        }
    }
}
