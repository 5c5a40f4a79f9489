namespace Kaya.Orchestrator;

/// <summary>
/// A failure of a backup run that a user can act on. <see cref="IsTransient"/> says whether trying
/// again later may help (a dropped connection) or whether someone must change something first (a config line).
/// </summary>
public abstract class KayaException(string message, Exception? inner = null) : Exception(message, inner)
{
    public abstract bool IsTransient { get; }
}

/// <summary>A bad or unreadable config file; the message names the file and line.</summary>
public sealed class ConfigException(string message) : KayaException(message)
{
    public override bool IsTransient => false;
}

/// <summary>The target's host key is unknown or does not match known_hosts: nothing was run.</summary>
public sealed class HostKeyException(string message) : KayaException(message)
{
    public override bool IsTransient => false;
}

/// <summary>SSH could not connect, authenticate, forward the port, or the connection dropped.</summary>
public sealed class TransportException(string message, bool isTransient = true, Exception? inner = null) : KayaException(message, inner)
{
    public override bool IsTransient { get; } = isTransient;
}

/// <summary>Another run holds the lock for this host.</summary>
public sealed class HostBusyException(string message) : KayaException(message)
{
    public override bool IsTransient => true;
}

/// <summary>The backup root or a host's folder cannot be used (permissions, a broken password file).</summary>
public sealed class StorageException(string message, Exception? inner = null) : KayaException(message, inner)
{
    public override bool IsTransient => false;
}
