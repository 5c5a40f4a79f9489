namespace Kaya.Server.Repository;

/// <summary>One file of a repository: its config, or an object of a type named by its id.</summary>
public readonly record struct ObjectKey(ObjectType Type, ObjectId Id, bool IsConfig)
{
    public static ObjectKey Config => new(default, default, true);

    public static ObjectKey Object(ObjectType type, ObjectId id) => new(type, id, false);

    public override string ToString() => IsConfig ? RepositoryNames.Config : $"{Type.DirectoryName()}/{Id}";
}
