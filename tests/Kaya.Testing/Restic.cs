namespace Kaya.Testing;

/// <summary>The real restic client from Debian on one repository, without a cache.</summary>
public sealed class Restic
{
    /// <summary>The password used where a test does not care: given through RESTIC_PASSWORD.</summary>
    public const string DefaultPassword = "test-repository-password";

    private readonly string _repository;
    private readonly string? _password, _passwordFile;

    /// <param name="repository">a local folder or a rest: URL</param>
    /// <param name="password">given to restic through RESTIC_PASSWORD</param>
    public Restic(string repository, string password = DefaultPassword)
    {
        _repository = repository;
        _password = password;
    }

    private Restic(string repository, string? password, string? passwordFile)
    {
        _repository = repository;
        _password = password;
        _passwordFile = passwordFile;
    }

    /// <summary>A repository opened with a password file (restic -p), as kaya opens a host's repository.</summary>
    public static Restic WithPasswordFile(string repository, string passwordFile) => new(repository, null, passwordFile);

    /// <summary>restic -r REPOSITORY [-p FILE] --no-cache ARGS, to its end.</summary>
    public Task<ProgramResult> RunAsync(params string[] args)
    {
        string[] password = _passwordFile is null ? [] : ["-p", _passwordFile];
        var env = _password is null ? null : new Dictionary<string, string> { ["RESTIC_PASSWORD"] = _password };
        return Programs.RunAsync("restic", ["-r", _repository, .. password, "--no-cache", .. args], env);
    }

    /// <summary>Runs restic and fails the test unless it exits 0.</summary>
    /// <returns>its stdout</returns>
    public async Task<string> MustAsync(params string[] args)
    {
        var (code, stdout, stderr) = await RunAsync(args);
        Assert.True(code == 0, $"restic {string.Join(' ', args)} exited {code}: {stderr}");
        return stdout;
    }
}
