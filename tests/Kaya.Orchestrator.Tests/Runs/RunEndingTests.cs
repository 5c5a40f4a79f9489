using Kaya.Orchestrator.Config;
using Kaya.Orchestrator.Runs;
using Kaya.Orchestrator.Tests.Support;
using Kaya.Orchestrator.Transport;
using Microsoft.Extensions.Time.Testing;

namespace Kaya.Orchestrator.Tests.Runs;

/// <summary>How runs end when the transport fails in ways a real sshd cannot be made to: every ending is a result.</summary>
public sealed class RunEndingTests : IDisposable
{
    private readonly TempFolder _folder = new();

    private string BackupRoot => _folder.Combine("backups");
    private string HostFolder => Path.Combine(BackupRoot, "www1");

    [Fact]
    public async Task A_missing_backup_root_is_refused_with_the_mkdir_command_and_not_created()
    {
        var result = await RunAsync(new ThrowingTransport(new InvalidOperationException("never reached")));

        Assert.Equal(BackupOutcome.ConfigFailed, result.Outcome);
        Assert.Equal(23, result.ExitCode);
        Assert.Equal(
            $"backup_root {BackupRoot} does not exist; if it lives on a volume, that volume may not be mounted: mount it; " +
            $"if this is a new setup, create it: mkdir -p -m 0700 {BackupRoot}",
            result.Failure);
        Assert.False(Directory.Exists(BackupRoot));
    }

    [Fact]
    public async Task An_unexpected_exception_is_a_result_with_exit_70_not_a_crash()
    {
        Directory.CreateDirectory(BackupRoot);

        var result = await RunAsync(new ThrowingTransport(new UnauthorizedAccessException("Access to the path '/x' is denied.")));

        Assert.Equal(BackupOutcome.Unexpected, result.Outcome);
        Assert.Equal(70, result.ExitCode);
        Assert.Equal("www1: the run failed: UnauthorizedAccessException: Access to the path '/x' is denied.; run with --debug for details", result.Failure);
        Assert.IsType<UnauthorizedAccessException>(result.Exception?.InnerException);
    }

    [Fact]
    public async Task A_first_run_that_fails_after_the_session_is_up_removes_the_folder_and_password_it_made()
    {
        Directory.CreateDirectory(BackupRoot);
        var transport = new ThrowingTransport(new TransportException("www1: connection lost"), giveParameters: true);

        var result = await RunAsync(transport);

        Assert.Equal(ExitCodes.Transport, result.ExitCode);
        Assert.True(transport.ParametersGiven);
        Assert.True(transport.FolderExistedOnceUp, "the host folder should exist once the session is up");
        Assert.False(Directory.Exists(HostFolder));
    }

    [Fact]
    public async Task A_failed_run_keeps_the_folder_of_an_initialised_repository()
    {
        Directory.CreateDirectory(HostFolder);
        File.WriteAllText(Path.Combine(HostFolder, "config"), "restic's");
        RepositoryPassword.Ensure(HostFolder, repositoryExists: false);

        var result = await RunAsync(new ThrowingTransport(new TransportException("www1: connection lost"), giveParameters: true));

        Assert.Equal(ExitCodes.Transport, result.ExitCode);
        Assert.True(File.Exists(Path.Combine(HostFolder, RepositoryPassword.FileName)));
    }

    [Fact]
    public async Task The_duration_is_read_from_the_injected_clock()
    {
        Directory.CreateDirectory(BackupRoot);
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));
        var transport = new ThrowingTransport(new TransportException("www1: connection lost"), advance: (time, TimeSpan.FromSeconds(90)));

        var result = await RunAsync(transport, time);

        Assert.Equal(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero), result.Started);
        Assert.Equal(TimeSpan.FromSeconds(90), result.Duration);
    }

    private Task<BackupResult> RunAsync(ISshTransport transport, TimeProvider? time = null)
    {
        var config = new KayaConfig { BackupRoot = BackupRoot, RemotePort = 0, SshKnownHosts = _folder.Combine("known_hosts") };
        var request = new BackupRequest { Config = config, Host = "www1", ResticArgs = ["/"] };
        return new BackupRun(transport, new CollectingOutput(), time: time).RunAsync(request, CancellationToken.None);
    }

    /// <summary>Fails as told; optionally first takes the bootstrap's parameters, as a transport does once the session is up.</summary>
    private sealed class ThrowingTransport(Exception failure, bool giveParameters = false, (FakeTimeProvider Time, TimeSpan By)? advance = null) : ISshTransport
    {
        public bool ParametersGiven { get; private set; }
        public bool FolderExistedOnceUp { get; private set; }

        public Task<RemoteExit> RunAsync(SshTarget target, RemoteInvocation invocation, CancellationToken cancellationToken)
        {
            if (advance is var (time, by)) time.Advance(by);
            if (giveParameters)
            {
                invocation.Stdin(12345);
                ParametersGiven = true;
                FolderExistedOnceUp = File.Exists(Path.Combine(Path.GetDirectoryName(target.KnownHostsPath)!, "backups", target.Host, RepositoryPassword.FileName));
            }
            throw failure;
        }
    }

    public void Dispose() => _folder.Dispose();
}
