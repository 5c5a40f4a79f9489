namespace Kaya.Conformance;

/// <summary>Names the protocol fixes (restic doc/REST_backend.rst and rest-server 0.14.0).</summary>
public static class Protocol
{
    public const string V1 = "application/vnd.x.restic.rest.v1";
    public const string V2 = "application/vnd.x.restic.rest.v2";

    /// <summary>The object types; config is a file of its own, not a type.</summary>
    public static readonly string[] Types = ["data", "index", "keys", "locks", "snapshots"];

    /// <summary>Types whose objects append-only mode keeps (everything but locks).</summary>
    public static readonly string[] KeptTypes = ["data", "index", "keys", "snapshots"];
}
