namespace Kaya.Server.Repository;

/// <summary>The kinds of file a restic repository holds besides its config (spec PATH-4).</summary>
public enum ObjectType
{
    Data,
    Index,
    Keys,
    Locks,
    Snapshots,
}
