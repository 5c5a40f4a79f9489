using System.Text;

namespace Kaya.Orchestrator.Runs;

/// <summary>
/// The POSIX sh that runs on the target: nothing but sh and restic needed there. Secrets come on stdin,
/// never on a command line or in a file; restic's command and arguments come as the script's positional parameters.
/// </summary>
public static class RemoteBootstrap
{
    /// <summary>The first word of the line the script ends with: <c>kaya-status NONCE CODE</c>.</summary>
    public const string StatusWord = "kaya-status";

    /// <summary>The exit code of the script when stdin ended before all parameters arrived.</summary>
    public const int IncompleteParameters = ExitCodes.BootstrapIncompleteParameters;

    /// <summary>The line that asks the bootstrap to stop restic, written to its stdin after the parameters.</summary>
    public const string StopLine = "stop\n";

    /// <summary>
    /// How long an interrupted run waits for the target's restic to stop before dropping the connection:
    /// 30 s. On SIGINT restic 0.14 only removes its lock (one DELETE through the tunnel) and exits; 30 s
    /// leaves room for a slow link and stays inside the 90 s TimeoutStopSec of kaya-backup@.service
    /// (systemd's default), which also covers the server's own 30 s shutdown wait that follows.
    /// </summary>
    public static readonly TimeSpan DefaultStopGrace = TimeSpan.FromSeconds(30);

    // The codes it exits with come from ExitCodes, the one table the C# side reads them from.
    // Lines on stdin: nonce, port, user, HTTP password, repository password, "init" or "open"; then
    // control lines. The watcher reads them: "stop" sends SIGINT to the process group, which the script
    // and the watcher ignore and restic takes as "clean up and exit" (restic 0.14 removes its lock on
    // SIGINT, not on SIGTERM; Go installs its handler even where the signal was ignored on entry).
    // EOF means the backup host is gone (it keeps stdin open for the whole run): then the whole process
    // group (this sh, restic) gets TERM. sshd refuses signal requests for root sessions, so stdin is the
    // only channel. fd 3 because an asynchronous list gets /dev/null as stdin.
    public static readonly string Script = $$"""
        set -u
        IFS= read -r nonce && IFS= read -r port && IFS= read -r user && IFS= read -r secret &&
        IFS= read -r RESTIC_PASSWORD && IFS= read -r init || { echo "kaya: parameters on stdin ended early" >&2; exit {{ExitCodes.BootstrapIncompleteParameters}}; }
        export RESTIC_PASSWORD
        RESTIC_REPOSITORY="rest:http://$user:$secret@127.0.0.1:$port/$user/"
        export RESTIC_REPOSITORY
        unset secret
        trap '' INT
        exec 3<&0
        ( while IFS= read -r word <&3; do [ "$word" = stop ] && kill -INT 0; done; kill -TERM 0 ) >/dev/null 2>&1 &
        watcher=$!
        exec 3<&-
        status=0
        if ! command -v restic >/dev/null 2>&1; then
          echo "kaya: restic is not installed on $(uname -n) (PATH=$PATH)" >&2; status={{ExitCodes.ResticNotInstalled}}
        elif [ "$init" = init ]; then
          restic init </dev/null; status=$?
        fi
        if [ "$status" -eq 0 ]; then
          restic "$@" </dev/null; status=$?
        fi
        kill "$watcher" 2>/dev/null
        printf 'kaya-status %s %s\n' "$nonce" "$status"
        exit "$status"
        """;

    /// <summary>The remote command line: <c>exec sh -c SCRIPT kaya COMMAND ARGS...</c>, every word single-quoted.</summary>
    /// <param name="resticCommand">restic's command on the target: <c>backup</c> or <c>restore</c></param>
    public static string CommandLine(string resticCommand, IReadOnlyList<string> resticArgs)
    {
        var line = new StringBuilder("exec sh -c ").Append(Quote(Script)).Append(" kaya-bootstrap ").Append(Quote(resticCommand));
        foreach (var arg in resticArgs) line.Append(' ').Append(Quote(arg));
        return line.ToString();
    }

    /// <summary>The stdin lines the script reads.</summary>
    public static string Parameters(string nonce, int port, string user, string httpPassword, string repositoryPassword, bool init) =>
        string.Join('\n', nonce, port, user, httpPassword, repositoryPassword, init ? "init" : "open") + "\n";

    /// <summary>Single quotes keep every byte as it is in any POSIX shell; a quote itself becomes '\''.</summary>
    public static string Quote(string word) => "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
