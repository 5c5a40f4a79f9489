using Kaya.Orchestrator.Lifecycle;
using Kaya.Orchestrator.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Kaya.Orchestrator.Tests.Lifecycle;

public sealed class ScrubberTests(ScrubRepository template) : IClassFixture<ScrubRepository>, IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static Task<ScrubResult> Scrub(string repository, ScrubOptions? options = null, CancellationToken cancellationToken = default) =>
        Scrubber.ScrubAsync(repository, options ?? new ScrubOptions(), cancellationToken);

    private static string FirstFile(string repository, string folder) =>
        Directory.EnumerateFiles(Path.Combine(repository, folder), "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).First();

    private static int ObjectCount(string repository) =>
        Directory.EnumerateFiles(repository, "*", SearchOption.AllDirectories).Count(f => Path.GetFileName(f) != "repo-password-keep" && !f.Contains("/locks/"));

    [Fact]
    public async Task A_clean_repository_scrubs_clean()
    {
        var repository = template.CopyTo(_folder);

        var result = await Scrub(repository);

        Assert.True(result.IsClean, string.Join("\n", result.Findings));
        Assert.Equal(ObjectCount(repository), result.ObjectsChecked);
        Assert.True(result.BytesRead > 2_800_000, $"{result.BytesRead} bytes read");
        Assert.False(File.Exists(Path.Combine(repository, ScrubCursor.FileName)));
    }

    [Fact]
    public async Task A_flipped_byte_in_a_pack_is_reported_once_as_corrupt()
    {
        var repository = template.CopyTo(_folder);
        var pack = FirstFile(repository, "data");
        var bytes = File.ReadAllBytes(pack);
        bytes[bytes.Length / 2] ^= 0x01;
        File.WriteAllBytes(pack, bytes);

        var result = await Scrub(repository);

        var finding = Assert.Single(result.Findings);
        Assert.Equal((ScrubFindingKind.Corrupt, Path.GetRelativePath(repository, pack)), (finding.Kind, finding.Path));
        Assert.Equal(1, result.CorruptObjects);
    }

    [Fact]
    public async Task A_truncated_index_is_reported_once_as_corrupt()
    {
        var repository = template.CopyTo(_folder);
        var index = FirstFile(repository, "index");
        using (var file = File.OpenWrite(index)) file.SetLength(file.Length - 7);

        var finding = Assert.Single((await Scrub(repository)).Findings);

        Assert.Equal((ScrubFindingKind.Corrupt, Path.GetRelativePath(repository, index)), (finding.Kind, finding.Path));
    }

    [Fact]
    public async Task Stray_and_misplaced_files_in_data_are_reported_once_each_and_not_hashed()
    {
        var repository = template.CopyTo(_folder);
        File.WriteAllText(Path.Combine(repository, "data", "notes.txt"), "stray");
        var pack = FirstFile(repository, "data");
        var name = Path.GetFileName(pack);
        var wrongFolder = Path.Combine(repository, "data", name[..2] == "00" ? "01" : "00");
        Directory.CreateDirectory(wrongFolder);
        File.Move(pack, Path.Combine(wrongFolder, name));
        // An upload in progress is not an object yet.
        File.WriteAllText(Path.Combine(repository, "data", name[..2], name + ".kaya-tmp-1234"), "partial");

        var result = await Scrub(repository);

        Assert.Equal(
            new[] { ($"data/{Path.GetFileName(wrongFolder)}/{name}", ScrubFindingKind.Misplaced), ("data/notes.txt", ScrubFindingKind.Misplaced) }.Order(),
            result.Findings.Select(f => (f.Path, f.Kind)).Order());
    }

    [Fact]
    public async Task An_injected_EIO_is_reported_once_as_unreadable_with_its_errno()
    {
        var repository = template.CopyTo(_folder);
        var index = FirstFile(repository, "index");

        var result = await Scrub(repository, new ScrubOptions { Reader = new FailingReader(index) });

        var finding = Assert.Single(result.Findings);
        Assert.Equal((ScrubFindingKind.Unreadable, Path.GetRelativePath(repository, index), (int?)5), (finding.Kind, finding.Path, finding.Errno));
        Assert.Contains("errno 5, Input/output error", finding.Detail);
        Assert.Contains($"\"findings\":[{{\"kind\":\"unreadable\",\"path\":\"{finding.Path}\"", result.ToJson());
        Assert.Contains("\"errno\":5}],\"corrupt_objects\":0,\"is_clean\":false}", result.ToJson());
    }

    [Fact]
    public async Task A_missing_config_is_reported_once()
    {
        var repository = template.CopyTo(_folder);
        File.Delete(Path.Combine(repository, "config"));

        var finding = Assert.Single((await Scrub(repository)).Findings);

        Assert.Equal((ScrubFindingKind.MissingConfig, "config"), (finding.Kind, finding.Path));
    }

    [Fact]
    public async Task An_interrupted_scrub_resumes_after_its_cursor_and_reports_each_finding_once()
    {
        var repository = template.CopyTo(_folder);
        File.Delete(Path.Combine(repository, "config"));
        File.WriteAllText(Path.Combine(repository, "data", "stray"), "x");
        var index = FirstFile(repository, "index");
        File.AppendAllText(index, "rot");
        var total = ObjectCount(repository) - 1; // the stray is not an object
        using var stop = new CancellationTokenSource();

        // Interrupted while opening the index: config gone, the stray in data/ seen, every data object checked.
        var first = await Scrub(repository, new ScrubOptions { Reader = new CancellingReader(index, stop) }, stop.Token);
        var cursor = ScrubCursor.Load(Path.Combine(repository, ScrubCursor.FileName));
        var second = await Scrub(repository);

        Assert.False(first.Completed);
        Assert.NotNull(cursor);
        Assert.Equal(first.ResumeAfter, cursor.ResumeAfter);
        Assert.StartsWith("data/", cursor.ResumeAfter);
        Assert.True(second.Completed);
        Assert.Equal(total, second.ObjectsChecked);
        Assert.Equal([("config", ScrubFindingKind.MissingConfig), ("data/stray", ScrubFindingKind.Misplaced), (Path.GetRelativePath(repository, index), ScrubFindingKind.Corrupt)],
            second.Findings.Select(f => (f.Path, f.Kind)));
        Assert.Equal(first.Started, second.Started);
        Assert.False(File.Exists(Path.Combine(repository, ScrubCursor.FileName)));
    }

    [Fact]
    public async Task A_caller_can_hold_the_cursor_itself()
    {
        var repository = template.CopyTo(_folder);
        var index = FirstFile(repository, "index");
        using var stop = new CancellationTokenSource();

        var first = await Scrub(repository, new ScrubOptions { PersistCursor = false, Reader = new CancellingReader(index, stop) }, stop.Token);
        var rest = await Scrub(repository, new ScrubOptions { PersistCursor = false, ResumeAfter = first.ResumeAfter });

        Assert.False(File.Exists(Path.Combine(repository, ScrubCursor.FileName)));
        Assert.Equal(ObjectCount(repository), first.ObjectsChecked + rest.ObjectsChecked);
        Assert.True(rest.IsClean);
    }

    [Fact]
    public async Task The_rate_limit_paces_reads_on_a_fake_clock()
    {
        var repository = template.CopyTo(_folder);
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-30T03:00:00Z"));
        const long rate = 1 << 20;

        var scrub = Scrub(repository, new ScrubOptions { RateBytesPerSecond = rate, Time = time });
        while (!scrub.IsCompleted)
        {
            time.Advance(TimeSpan.FromMilliseconds(50));
            await Task.Delay(1);
        }
        var result = await scrub;

        // The bucket starts full with one read (1 MiB, more than a quarter second at this rate): everything after it waits for the clock.
        var least = TimeSpan.FromSeconds((result.BytesRead - rate) / (double)rate);
        Assert.True(result.IsClean);
        Assert.True(result.Finished - result.Started >= least, $"{result.BytesRead} bytes in {result.Finished - result.Started} of fake time, expected at least {least}");
    }

    private sealed class FailingReader(string failing) : IScrubReader
    {
        public IScrubFile Open(string path) => path == failing ? new Eio() : DiskScrubReader.Instance.Open(path);

        private sealed class Eio : IScrubFile
        {
            public ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken) => throw new IOException("Input/output error", 5);
            public void Dispose() { }
        }
    }

    private sealed class CancellingReader(string at, CancellationTokenSource stop) : IScrubReader
    {
        public IScrubFile Open(string path)
        {
            if (path == at)
            {
                stop.Cancel();
                stop.Token.ThrowIfCancellationRequested();
            }
            return DiskScrubReader.Instance.Open(path);
        }
    }
}
