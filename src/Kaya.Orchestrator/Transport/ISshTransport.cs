namespace Kaya.Orchestrator.Transport;

/// <summary>Where and as whom to connect.</summary>
/// <param name="Identity">The private key; null: the transport's default (ssh's own choice, or ~/.ssh/id_ed25519 then id_rsa).</param>
public sealed record SshTarget(string Host, int Port, string User, string? Identity, string KnownHostsPath, TimeSpan ConnectTimeout);

/// <summary>One remote command with a reverse tunnel to the backup host.</summary>
/// <param name="Command">The remote command line, already quoted for a POSIX shell.</param>
/// <param name="LocalPort">The port on the backup host's 127.0.0.1 the tunnel leads to.</param>
/// <param name="RemotePort">The port to bind on the target's 127.0.0.1; 0: the target's sshd picks one.</param>
/// <param name="Stdin">Given the port bound on the target, what to write to the command's stdin. Stdin then stays open until the command ends.</param>
/// <param name="Stdout">Called with each line the command writes to stdout.</param>
/// <param name="Stderr">Called with each line the command (or the SSH client) writes to stderr.</param>
public sealed record RemoteInvocation(
    string Command,
    int LocalPort,
    int RemotePort,
    Func<int, string> Stdin,
    Action<string> Stdout,
    Action<string> Stderr)
{
    /// <summary>What to write to stdin, after the parameters, to ask the command to stop when the run is cancelled; null: drop the connection at once.</summary>
    public string? Stop { get; init; }

    /// <summary>How long the command may take to stop once asked, the tunnel kept up meanwhile; then the connection is dropped.</summary>
    public TimeSpan StopGrace { get; init; }

    /// <summary>
    /// Called with the target's host key fingerprint as ssh prints it (<c>SHA256:…</c>) as soon as the transport knows
    /// it, and before the command runs (so before anything the target sends through the tunnel); never when the transport cannot tell which key the target showed. A key
    /// known_hosts does not vouch for ends the connection there.
    /// </summary>
    public Action<string>? HostKey { get; init; }
}

/// <summary>How the remote command ended as the transport saw it.</summary>
/// <param name="ExitStatus">The remote exit status; null when none arrived (killed, connection dropped).</param>
/// <param name="Reason">A one-line account when the transport itself failed, else null.</param>
public sealed record RemoteExit(int? ExitStatus, string? Reason);

/// <summary>
/// Runs a command on a target over SSH with a reverse tunnel bound on the target's 127.0.0.1 only.
/// Refuses (HostKeyException) when known_hosts does not vouch for the host key, before anything runs;
/// throws TransportException when connecting, authenticating or forwarding fails.
/// Cancelled before the command has its stdin, it drops the connection and throws
/// OperationCanceledException; cancelled after, it writes <see cref="RemoteInvocation.Stop"/>, keeps
/// the connection and tunnel up for <see cref="RemoteInvocation.StopGrace"/>, drops the connection
/// if the command has not ended by then, and returns how it ended.
/// </summary>
public interface ISshTransport
{
    Task<RemoteExit> RunAsync(SshTarget target, RemoteInvocation invocation, CancellationToken cancellationToken);
}
