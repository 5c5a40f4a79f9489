using System.Security.Cryptography;
using Kaya.Orchestrator.Lifecycle;
using Kaya.Orchestrator.Tests.Support;
using Kaya.Server.Repository;
using Kaya.Server.Storage;

namespace Kaya.Orchestrator.Tests.Lifecycle;

/// <summary>The scrub of a repository kept by a store (a bucket), through the store seam, with a store in memory.</summary>
public sealed class StoreScrubSourceTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly FakeScrubStore _store = new();
    private readonly ObjectKey _firstPack, _secondPack, _index, _key, _snapshot;

    public StoreScrubSourceTests()
    {
        _store.AddConfig(RandomNumberGenerator.GetBytes(155));
        _firstPack = _store.Add(ObjectType.Data, RandomNumberGenerator.GetBytes(300_000));
        _secondPack = _store.Add(ObjectType.Data, RandomNumberGenerator.GetBytes(200_000));
        _index = _store.Add(ObjectType.Index, RandomNumberGenerator.GetBytes(5_000));
        _key = _store.Add(ObjectType.Keys, RandomNumberGenerator.GetBytes(400));
        _snapshot = _store.Add(ObjectType.Snapshots, RandomNumberGenerator.GetBytes(300));
    }

    public void Dispose() => _folder.Dispose();

    private string HostFolder => Directory.CreateDirectory(_folder.Combine("www1")).FullName;

    private Task<ScrubResult> Scrub(ScrubOptions? options = null, CancellationToken cancellationToken = default) =>
        Scrubber.ScrubAsync(new StoreScrubSource(_store, FakeScrubStore.Repository, HostFolder, "s3:http://127.0.0.1:7480/kaya/fleet/www1"), options ?? new ScrubOptions(), cancellationToken);

    private static string PathOf(ObjectKey key) => key.Type == ObjectType.Data ? $"data/{key.Id.Value[..2]}/{key.Id}" : key.ToString();

    [Fact]
    public async Task A_clean_repository_in_a_store_scrubs_clean_and_reads_every_object_once()
    {
        var result = await Scrub();

        Assert.True(result.IsClean, string.Join("\n", result.Findings));
        Assert.Equal((6, 155L + 300_000 + 200_000 + 5_000 + 400 + 300), (result.ObjectsChecked, result.BytesRead));
        Assert.Equal("s3:http://127.0.0.1:7480/kaya/fleet/www1", result.Repository);
        Assert.False(File.Exists(Path.Combine(HostFolder, ScrubCursor.FileName)));
    }

    [Fact]
    public async Task An_object_whose_bytes_no_longer_hash_to_its_name_is_reported_once_as_corrupt_by_its_disk_layout_path()
    {
        _store.Replace(_firstPack, RandomNumberGenerator.GetBytes(300_000));

        var result = await Scrub();

        var finding = Assert.Single(result.Findings);
        Assert.Equal((ScrubFindingKind.Corrupt, PathOf(_firstPack)), (finding.Kind, finding.Path));
        Assert.Contains("'kaya www1 check -- --read-data'", finding.Detail, StringComparison.Ordinal);
        Assert.Equal(1, result.CorruptObjects);
    }

    [Fact]
    public async Task A_store_error_or_timeout_while_reading_is_reported_as_unreadable_with_the_stores_message_never_as_corrupt()
    {
        _store.Failures[_secondPack] = new IOException("S3 GET s3://kaya/fleet/www1/data/xx failed: 503 SlowDown: Please reduce your request rate");
        _store.Failures[_index] = new TaskCanceledException("The request was canceled due to the configured HttpClient.Timeout of 100 seconds elapsing.");

        var result = await Scrub();

        Assert.True(result.Completed);
        Assert.Equal(0, result.CorruptObjects);
        Assert.Equal(2, result.Findings.Count);
        var slowDown = Assert.Single(result.Findings, f => f.Path == PathOf(_secondPack));
        var timeout = Assert.Single(result.Findings, f => f.Path == PathOf(_index));
        Assert.Equal((ScrubFindingKind.Unreadable, ScrubFindingKind.Unreadable), (slowDown.Kind, timeout.Kind));
        Assert.Contains("read failed after 1000 bytes (S3 GET s3://kaya/fleet/www1/data/xx failed: 503 SlowDown", slowDown.Detail, StringComparison.Ordinal);
        Assert.Contains("the object store did not answer in time", timeout.Detail, StringComparison.Ordinal);
        Assert.Null(slowDown.Errno);
    }

    [Fact]
    public async Task A_repository_without_config_in_the_store_is_reported_once()
    {
        _store.Remove(ObjectKey.Config);

        var result = await Scrub();

        var finding = Assert.Single(result.Findings);
        Assert.Equal((ScrubFindingKind.MissingConfig, "config"), (finding.Kind, finding.Path));
        Assert.Equal(5, result.ObjectsChecked);
    }

    [Fact]
    public async Task An_interrupted_store_scrub_resumes_from_its_cursor_in_the_host_folder_and_reports_each_finding_once()
    {
        _store.Replace(_firstPack, RandomNumberGenerator.GetBytes(10));
        using var stop = new CancellationTokenSource();
        // Interrupted when the index is opened: every data object (ordinally before index/) is checked.
        _store.Opening = key =>
        {
            if (key == _index) stop.Cancel();
        };

        var first = await Scrub(cancellationToken: stop.Token);
        var cursor = ScrubCursor.Load(Path.Combine(HostFolder, ScrubCursor.FileName));
        _store.Opening = null;
        var second = await Scrub();

        Assert.False(first.Completed);
        Assert.Equal(first.ResumeAfter, cursor?.ResumeAfter);
        Assert.StartsWith("data/", first.ResumeAfter, StringComparison.Ordinal);
        Assert.True(second.Completed);
        Assert.Equal(6, second.ObjectsChecked);
        Assert.Equal([(PathOf(_firstPack), ScrubFindingKind.Corrupt)], second.Findings.Select(f => (f.Path, f.Kind)));
        Assert.Equal(first.Started, second.Started);
        Assert.False(File.Exists(Path.Combine(HostFolder, ScrubCursor.FileName)));
    }
}
