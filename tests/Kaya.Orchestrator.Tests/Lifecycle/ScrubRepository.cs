using Kaya.Orchestrator.Tests.Support;

namespace Kaya.Orchestrator.Tests.Lifecycle;

/// <summary>
/// A real restic repository (init + one backup of a few random files), made once per test class and copied
/// into a fresh folder for each test so that each can damage its own.
/// </summary>
public sealed class ScrubRepository : IAsyncLifetime
{
    private readonly TempFolder _template = new();

    public string Template => _template.Combine("repo");

    public async Task InitializeAsync()
    {
        var source = _template.Combine("source");
        Directory.CreateDirectory(source);
        for (var i = 0; i < 4; i++) File.WriteAllBytes(Path.Combine(source, $"f{i}"), System.Security.Cryptography.RandomNumberGenerator.GetBytes(700_000));
        Directory.CreateDirectory(Template);
        File.WriteAllText(Path.Combine(Template, "repo-password-keep"), "scrub-test-password\n");
        var init = await LocalPrograms.ResticAsync(Template, "init");
        Assert.True(init.ExitCode == 0, init.Stderr);
        var backup = await LocalPrograms.ResticAsync(Template, "backup", source);
        Assert.True(backup.ExitCode == 0, backup.Stderr);
    }

    /// <summary>A copy of the repository in <paramref name="into"/>; returns its path.</summary>
    public string CopyTo(TempFolder into)
    {
        var target = into.Combine("www1");
        foreach (var file in Directory.EnumerateFiles(Template, "*", SearchOption.AllDirectories))
        {
            var copy = Path.Combine(target, Path.GetRelativePath(Template, file));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(file, copy);
            File.SetUnixFileMode(copy, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        return target;
    }

    public Task DisposeAsync()
    {
        _template.Dispose();
        return Task.CompletedTask;
    }
}
