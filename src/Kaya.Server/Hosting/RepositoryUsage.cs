namespace Kaya.Server.Hosting;

/// <summary>What one repository holds: bytes of its config and objects, and how many snapshots.</summary>
public readonly record struct RepositoryUsage(long Bytes, int Snapshots);
