using Kaya.Server.Protocol;

namespace Kaya.Server.Storage;

/// <summary>One file of a repository: its config, or an object of a type named by its id.</summary>
public readonly record struct ObjectKey(ObjectType Type, ObjectId Id, bool IsConfig)
{
    public static ObjectKey Config => new(default, default, true);

    public static ObjectKey Object(ObjectType type, ObjectId id) => new(type, id, false);

    public override string ToString() => IsConfig ? "config" : $"{Type.DirectoryName()}/{Id}";
}

/// <summary>A listed object: its name and size in bytes.</summary>
public readonly record struct ObjectEntry(string Name, long Size);
