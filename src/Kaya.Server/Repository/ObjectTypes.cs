namespace Kaya.Server.Repository;

/// <summary>The type folders' names, and parsing them back (PATH-4).</summary>
public static class ObjectTypes
{
    public static readonly IReadOnlyList<ObjectType> All =
        [ObjectType.Data, ObjectType.Index, ObjectType.Keys, ObjectType.Locks, ObjectType.Snapshots];

    public static string DirectoryName(this ObjectType type) => type switch
    {
        ObjectType.Data => "data",
        ObjectType.Index => "index",
        ObjectType.Keys => "keys",
        ObjectType.Locks => "locks",
        ObjectType.Snapshots => "snapshots",
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    public static bool TryParse(ReadOnlySpan<char> name, out ObjectType type)
    {
        switch (name)
        {
            case "data": type = ObjectType.Data; return true;
            case "index": type = ObjectType.Index; return true;
            case "keys": type = ObjectType.Keys; return true;
            case "locks": type = ObjectType.Locks; return true;
            case "snapshots": type = ObjectType.Snapshots; return true;
            default: type = default; return false;
        }
    }

    /// <summary>A folder component can never be one of these: they end the repository prefix (PATH-2).</summary>
    public static bool IsReservedName(ReadOnlySpan<char> name) => name is RepositoryNames.Config || TryParse(name, out _);
}
