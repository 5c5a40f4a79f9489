using System.Diagnostics;
using Kaya.Orchestrator.Runs;

namespace Kaya.Orchestrator.Lifecycle;

/// <summary>
/// <c>kaya HOST snapshots|ls|find|stats|check|diff|mount|restore|unlock [-- RESTIC_ARGS]</c>: the backup host's
/// own restic on HOST's repository (<c>backup_root/HOST</c>, or its prefix in kaya.conf's bucket: <see cref="ResticRepository"/>),
/// opened with <c>--password-file backup_root/HOST/repo-password-keep</c>
/// (never a password on a command line or in an environment), RESTIC_ARGS passed as they are, restic's exit
/// code returned.
/// </summary>
public static class ResticPassthrough
{
    /// <summary>The restic commands that run locally against a host's repository.</summary>
    public static readonly IReadOnlyList<string> Commands = ["snapshots", "ls", "find", "stats", "check", "diff", "mount", "restore", "unlock"];

    /// <summary>A restore refused before restic ran: the usage code (2), since the command line must change.</summary>
    public const int RefusedExitCode = ExitCodes.Usage;

    /// <summary>How long restic gets to clean up after SIGINT before it is killed: 10 s, ample for removing a lock file.</summary>
    private static readonly TimeSpan InterruptGrace = TimeSpan.FromSeconds(10);

    /// <summary>The shell's "command not found": returned when restic is not installed on the backup host.</summary>
    public const int NotInstalledExitCode = ExitCodes.ResticNotInstalled;

    /// <summary>
    /// Whether the command takes the host lock: exactly those for which restic 0.14 takes an exclusive lock
    /// (check: lockRepoExclusive unless --no-lock) or removes other processes' locks (unlock). snapshots, find,
    /// stats, diff, mount and restore take a shared lock and ls none, so they run beside a backup.
    /// </summary>
    public static bool TakesHostLock(string command, IReadOnlyList<string> resticArgs) => command switch
    {
        "check" => !resticArgs.Contains("--no-lock"),
        "unlock" => true,
        _ => false,
    };

    // Variables that would override or conflict with the flags Kaya passes: restic refuses
    // --password-file together with RESTIC_PASSWORD_COMMAND, and -r together with RESTIC_REPOSITORY_FILE.
    // AWS_* stay: restic's s3 backend takes a bucket's credentials from them, as Kaya's own client does.
    private static readonly string[] ClearedEnvironment =
        ["RESTIC_PASSWORD", "RESTIC_PASSWORD_FILE", "RESTIC_PASSWORD_COMMAND", "RESTIC_REPOSITORY", "RESTIC_REPOSITORY_FILE"];

    /// <summary>restic's arguments for a command: global flags first, then the command, then RESTIC_ARGS untouched.</summary>
    public static IReadOnlyList<string> Arguments(ResticRepository repository, string command, IReadOnlyList<string> resticArgs) =>
        [.. repository.GlobalArguments(), command, .. resticArgs];

    /// <summary>
    /// Why a local restore must not run without <c>--force</c>: a target of / (it would overwrite the backup
    /// host's own system) or a folder that already holds files. Null when it may run.
    /// </summary>
    /// <param name="resticArgs">restore's arguments; the target is restic's <c>--target DIR</c>, <c>--target=DIR</c> or <c>-t DIR</c></param>
    public static string? RestoreRefusal(IReadOnlyList<string> resticArgs, bool force)
    {
        if (force) return null;
        string? target = null;
        for (var i = 0; i < resticArgs.Count; i++)
        {
            if (resticArgs[i] is "--target" or "-t" && i + 1 < resticArgs.Count) target = resticArgs[++i];
            else if (resticArgs[i].StartsWith("--target=", StringComparison.Ordinal)) target = resticArgs[i]["--target=".Length..];
        }
        if (target is null) return null; // restic itself refuses a restore without a target
        var full = Path.GetFullPath(target);
        if (full == "/") return "refusing to restore into / on the backup host: name an empty folder, or add --force before --";
        if (Directory.Exists(full) && Directory.EnumerateFileSystemEntries(full).Any())
            return $"{full} is not empty: restic would overwrite what is there; name an empty folder, or add --force before --";
        return null;
    }

    /// <summary>Runs restic and returns its exit code, or says why it could not run.</summary>
    /// <param name="output">null: restic shares kaya's terminal (mount, restore and progress bars need it); else each line of stdout and stderr</param>
    /// <param name="resticPath">the restic program; default: <c>restic</c> on PATH</param>
    /// <param name="force">Kaya's own <c>--force</c> (never passed to restic): restore into / or a non-empty folder</param>
    /// <param name="skewAlarm">kaya.conf's <c>clock_skew_alarm</c>: a restore names a snapshot whose client time and arrival differ by more</param>
    /// <remarks><c>latest</c> for ls, restore and diff is the snapshot that arrived last (<see cref="LatestSnapshot"/>), replaced by its id.</remarks>
    public static async Task<ResticPassthroughResult> RunAsync(ResticRepository repository, string command, IReadOnlyList<string> resticArgs,
        IBackupOutput? output, CancellationToken cancellationToken, string? resticPath = null, bool force = false, TimeSpan? skewAlarm = null)
    {
        var host = repository.Host;
        if (!Commands.Contains(command)) throw new ArgumentException($"\"{command}\" is not one of {string.Join(", ", Commands)}", nameof(command));
        if (command == "restore" && RestoreRefusal(resticArgs, force) is { } refusal) return new(RefusedExitCode, $"{host}: {refusal}");
        var program = resticPath ?? FindOnPath("restic");
        if (program is null || !File.Exists(program))
            return new(NotInstalledExitCode, "restic is not installed on this backup host, and 'kaya HOST " + command + "' runs it here: apt-get install restic");
        if (MissingPassword(repository) is { } missing) return new(ExitCodes.Config, missing);
        if (LatestSnapshot.Applies(command, resticArgs))
        {
            LatestResolution resolution;
            try { resolution = await LatestSnapshot.ResolveAsync(repository, command, resticArgs, skewAlarm ?? ArrivalRetention.DefaultClockSkewAlarm, program, cancellationToken).ConfigureAwait(false); }
            catch (IOException e) { return new(ExitCodes.Failure, $"{host}: cannot read the arrival times: {e.Message}"); }
            if (resolution.Failure is { } failure) return new(resolution.ExitCode, failure);
            // Before restic: a warning about the snapshot must come before anything is restored.
            foreach (var note in resolution.Notes)
            {
                if (output is null) Console.Error.WriteLine($"kaya: {note}");
                else output.Error($"kaya: {note}");
            }
            resticArgs = resolution.Args;
        }

        HostLock? hostLock = null;
        try
        {
            if (TakesHostLock(command, resticArgs)) hostLock = HostLock.Acquire(repository.BackupRoot, host);
            return new(await RunProcessAsync(program, Arguments(repository, command, resticArgs), output, cancellationToken).ConfigureAwait(false), null);
        }
        catch (HostBusyException e) { return new(ExitCodes.HostBusy, e.Message); }
        catch (StorageException e) { return new(ExitCodes.Config, e.Message); }
        finally { hostLock?.Dispose(); }
    }

    /// <summary>Why the repository cannot be opened (its kept password is missing); null when it can.</summary>
    internal static string? MissingPassword(ResticRepository repository) =>
        File.Exists(repository.PasswordFile)
            ? null
            : $"{repository.Host}: {repository.PasswordFile} is missing: no repository was made for this host here, or its password file was lost";

    internal static async Task<int> RunProcessAsync(string program, IReadOnlyList<string> arguments, IBackupOutput? output, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(program) { UseShellExecute = false, RedirectStandardOutput = output is not null, RedirectStandardError = output is not null };
        foreach (var a in arguments) info.ArgumentList.Add(a);
        foreach (var name in ClearedEnvironment) info.Environment.Remove(name);
        using var process = new Process { StartInfo = info };
        if (output is not null)
        {
            process.OutputDataReceived += (_, e) => { if (e.Data is not null) output.Out(e.Data); };
            process.ErrorDataReceived += (_, e) => { if (e.Data is not null) output.Error(e.Data); };
        }
        process.Start();
        if (output is not null)
        {
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }
        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // restic removes its lock and unmounts on SIGINT; only a restic that ignores it is killed.
            if (!process.HasExited) LifecyclePosix.Interrupt(process.Id);
            using var grace = new CancellationTokenSource(InterruptGrace);
            try { await process.WaitForExitAsync(grace.Token).ConfigureAwait(false); }
            catch (OperationCanceledException) { process.Kill(entireProcessTree: true); }
            throw;
        }
        // The parameterless wait drains the redirected streams before the exit code is read.
        process.WaitForExit();
        return process.ExitCode;
    }

    internal static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/local/bin:/usr/bin:/bin").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, name))
            .FirstOrDefault(File.Exists);
}

/// <summary>restic's exit code, or Kaya's and the reason when restic could not run (not installed, no repository, host busy).</summary>
public sealed record ResticPassthroughResult(int ExitCode, string? Failure);
