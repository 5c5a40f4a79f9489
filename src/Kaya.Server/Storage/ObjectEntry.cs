namespace Kaya.Server.Storage;

/// <summary>A listed object: its name and size in bytes.</summary>
public readonly record struct ObjectEntry(string Name, long Size);
