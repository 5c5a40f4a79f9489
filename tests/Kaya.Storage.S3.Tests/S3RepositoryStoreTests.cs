using System.Buffers;
using System.Security.Cryptography;
using Amazon.Runtime;
using Kaya.Server.Repository;
using Kaya.Server.Storage;
using Kaya.Storage.S3.Tests.Support;
using static Kaya.Storage.S3.Tests.Support.Blobs;

namespace Kaya.Storage.S3.Tests;

[Collection(CephCollection.Name)]
public sealed class S3RepositoryStoreTests(CephCluster cluster) : IAsyncLifetime
{
    private TestBucket _bucket = null!;
    private S3RepositoryStore _store = null!;

    public async Task InitializeAsync()
    {
        _bucket = await TestBucket.CreateAsync(cluster);
        _store = _bucket.NewStore();
    }

    public Task DisposeAsync()
    {
        _store.Dispose();
        _bucket.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Objects_land_in_rest_servers_layout_under_the_prefix()
    {
        var data = Random(1000);
        var index = Random(300);
        await _store.CreateRepositoryAsync(Repo, default);
        Assert.Equal(CommitOutcome.Stored, await UploadAsync(_store, ObjectKey.Config, "config bytes"u8.ToArray()));
        Assert.Equal(CommitOutcome.Stored, await UploadAsync(_store, Key(ObjectType.Data, data), data));
        Assert.Equal(CommitOutcome.Stored, await UploadAsync(_store, Key(ObjectType.Index, index), index));

        var id = IdOf(data).Value;
        Assert.Equal(
            new[] { "backups/host1/", "backups/host1/config", $"backups/host1/data/{id[..2]}/{id}", $"backups/host1/index/{IdOf(index)}" }.Order(),
            (await _bucket.AllKeysAsync()).Order());
        Assert.Equal(data, await _bucket.GetAsync($"backups/host1/data/{id[..2]}/{id}"));
    }

    [Fact]
    public async Task A_stored_object_reads_back_whole_and_by_range_across_windows()
    {
        var body = Random(3 * 1024 * 1024 + 17);
        var key = Key(ObjectType.Data, body);
        await UploadAsync(_store, key, body);

        Assert.Equal(body.Length, await _store.GetSizeAsync(Repo, key, default));
        using (var reader = (await _store.OpenReadAsync(Repo, key, default))!)
        {
            Assert.Equal(body.Length, reader.Length);
            Assert.Equal(body, await ReadAsync(reader, 0, body.Length));
        }
        using (var reader = (await _store.OpenReadAsync(Repo, key, default))!)
        {
            // A range that starts inside the first window and runs past it, then one back near the start.
            Assert.Equal(body.AsSpan(1_000_000, 1_500_000).ToArray(), await ReadAsync(reader, 1_000_000, 1_500_000));
            Assert.Equal(body.AsSpan(10, 5).ToArray(), await ReadAsync(reader, 10, 5));
            Assert.Equal(body.AsSpan(body.Length - 3).ToArray(), await ReadAsync(reader, body.Length - 3, 3));
        }
    }

    [Fact]
    public async Task A_missing_object_has_no_size_no_reader_and_nothing_to_delete()
    {
        var key = Key(ObjectType.Data, Random(10));
        Assert.Null(await _store.GetSizeAsync(Repo, key, default));
        Assert.Null(await _store.OpenReadAsync(Repo, key, default));
        Assert.Null(await _store.DeleteAsync(Repo, key, default));
    }

    [Fact]
    public async Task Delete_removes_the_object_and_returns_its_size()
    {
        var body = Random(4321);
        var key = Key(ObjectType.Locks, body);
        await UploadAsync(_store, key, body);

        Assert.Equal(4321, await _store.DeleteAsync(Repo, key, default));
        Assert.Null(await _store.GetSizeAsync(Repo, key, default));
    }

    [Fact]
    public async Task Listings_page_through_every_object_with_its_size_and_skip_strays()
    {
        using var store = _bucket.NewStore(listPageSize: 2);
        var bodies = Enumerable.Range(0, 5).Select(i => Random(100 + i)).ToList();
        foreach (var b in bodies) await UploadAsync(store, Key(ObjectType.Data, b), b);
        var snapshot = Random(50);
        await UploadAsync(store, Key(ObjectType.Snapshots, snapshot), snapshot);
        // Names no client could read back: not a hash, a data object outside its folder, a nested key.
        var stray = IdOf(Random(1)).Value;
        await _bucket.PutRawAsync("backups/host1/data/ab/not-an-id", [1]);
        await _bucket.PutRawAsync($"backups/host1/data/{(stray[..2] == "00" ? "01" : "00")}/{stray}", [1]);
        await _bucket.PutRawAsync($"backups/host1/snapshots/deeper/{stray}", [1]);

        var data = await ListAsync(store, ObjectType.Data);
        Assert.Equal(bodies.Select(b => (IdOf(b).Value, (long)b.Length)).Order(), data.Order());
        Assert.Equal([(IdOf(snapshot).Value, 50L)], await ListAsync(store, ObjectType.Snapshots));
    }

    [Fact]
    public async Task A_created_repository_lists_empty_and_an_unknown_one_is_missing()
    {
        await _store.CreateRepositoryAsync(Repo, default);
        await _store.CreateRepositoryAsync(Repo, default);

        Assert.Empty(await ListAsync(_store, ObjectType.Keys));
        Assert.Null(await _store.ListAsync(new RepositoryPath(["other"]), ObjectType.Keys, default));
    }

    [Fact]
    public async Task Usage_counts_the_bytes_of_one_repository_or_of_all()
    {
        var a = Random(1000);
        var b = Random(234);
        await UploadAsync(_store, Key(ObjectType.Data, a), a);
        await UploadAsync(_store, Key(ObjectType.Keys, b), b);
        await _bucket.PutRawAsync("backups/host2/config", new byte[66]);

        Assert.Equal(1234, await _store.MeasureUsageAsync(Repo, default));
        Assert.Equal(1300, await _store.MeasureUsageAsync(default));
    }

    [Fact]
    public async Task An_empty_object_is_stored_and_reads_back_empty()
    {
        var key = Key(ObjectType.Data, []);

        Assert.Equal(CommitOutcome.Stored, await UploadAsync(_store, key, []));
        Assert.Equal(0, await _store.GetSizeAsync(Repo, key, default));
        Assert.Equal(CommitOutcome.Identical, await UploadAsync(_store, key, []));
    }

    [Fact]
    public async Task A_body_without_length_is_spooled_and_stored()
    {
        var body = Random(700_000);
        var key = Key(ObjectType.Data, body);

        Assert.Equal(CommitOutcome.Stored, await UploadAsync(_store, key, body, announceLength: false));
        Assert.Equal(body, await _bucket.GetAsync(_store.Layout.Key(Repo, key)));
    }

    [Fact]
    public async Task A_body_without_length_beyond_the_spool_limit_is_refused()
    {
        using var store = new S3RepositoryStore(TestBucket.Options(cluster, _bucket.Name) with { SpoolLimit = 1000 });
        var body = Random(1001);

        await Assert.ThrowsAsync<ObjectStoreException>(() => UploadAsync(store, Key(ObjectType.Data, body), body, announceLength: false));
        Assert.Empty(await _bucket.AllKeysAsync());
    }

    [Fact]
    public async Task An_identical_re_upload_answers_identical_and_changes_nothing()
    {
        var body = Random(2000);
        var key = Key(ObjectType.Data, body);
        Assert.Equal(CommitOutcome.Stored, await UploadAsync(_store, key, body));

        Assert.Equal(CommitOutcome.Identical, await UploadAsync(_store, key, body));
        Assert.Equal(CommitOutcome.Identical, await UploadAsync(_store, key, body, announceLength: false));
    }

    [Fact]
    public async Task A_different_config_under_an_existing_one_is_a_conflict_and_the_first_stays()
    {
        var first = Random(155);
        Assert.Equal(CommitOutcome.Stored, await UploadAsync(_store, ObjectKey.Config, first));

        Assert.Equal(CommitOutcome.Conflict, await UploadAsync(_store, ObjectKey.Config, Random(155)));
        Assert.Equal(CommitOutcome.Conflict, await UploadAsync(_store, ObjectKey.Config, Random(156)));
        // A config carries no SHA-256 in its name: the identical check reads it back.
        Assert.Equal(CommitOutcome.Identical, await UploadAsync(_store, ObjectKey.Config, first));
        Assert.Equal(first, await _bucket.GetAsync("backups/host1/config"));
    }

    [Fact]
    public async Task Concurrent_identical_uploads_store_once_and_all_succeed()
    {
        var body = Random(2 * 1024 * 1024);
        var key = Key(ObjectType.Data, body);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => UploadAsync(_store, key, body))));

        Assert.Single(outcomes, o => o == CommitOutcome.Stored);
        Assert.All(outcomes, o => Assert.NotEqual(CommitOutcome.Conflict, o));
        Assert.Equal(body, await _bucket.GetAsync(_store.Layout.Key(Repo, key)));
    }

    [Fact]
    public async Task Concurrent_conflicting_uploads_have_exactly_one_winner_and_never_a_mixed_object()
    {
        var bodies = Enumerable.Range(0, 4).Select(_ => Random(3 * 1024 * 1024)).ToList();

        var outcomes = await Task.WhenAll(bodies.Select(b => Task.Run(() => UploadAsync(_store, ObjectKey.Config, b))));

        var winner = Assert.Single(Enumerable.Range(0, 4), i => outcomes[i] == CommitOutcome.Stored);
        Assert.Equal(3, outcomes.Count(o => o == CommitOutcome.Conflict));
        Assert.Equal(bodies[winner], await _bucket.GetAsync("backups/host1/config"));
    }

    [Fact]
    public async Task A_body_whose_hash_is_not_its_name_is_never_visible()
    {
        var body = Random(600_000);
        var key = Key(ObjectType.Data, Random(600_000));

        Assert.Equal(CommitOutcome.NotItsName, await UploadAsync(_store, key, body));
        Assert.Equal(CommitOutcome.NotItsName, await UploadAsync(_store, key, body, announceLength: false));
        Assert.Null(await _store.GetSizeAsync(Repo, key, default));
        Assert.Empty(await _bucket.AllKeysAsync());
    }

    [Fact]
    public async Task An_upload_abandoned_midway_leaves_nothing_in_the_bucket()
    {
        var body = Random(2 * 1024 * 1024);
        var key = Key(ObjectType.Data, body);
        await using (var upload = await _store.BeginUploadAsync(Repo, key, body.Length, default))
        {
            // All but the last byte reach RGW; then the client goes away.
            await upload.WriteAsync(new ReadOnlySequence<byte>(body, 0, body.Length - 1), default);
        }

        Assert.Null(await _store.GetSizeAsync(Repo, key, default));
        Assert.Empty(await _bucket.AllKeysAsync());
        // And the name stays free for the retry.
        Assert.Equal(CommitOutcome.Stored, await UploadAsync(_store, key, body));
    }

    [Fact]
    public async Task RGW_stopped_mid_upload_is_a_store_error_and_leaves_nothing()
    {
        var body = Random(4 * 1024 * 1024);
        var key = Key(ObjectType.Data, body);
        try
        {
            await using var upload = await _store.BeginUploadAsync(Repo, key, body.Length, default);
            await upload.WriteAsync(new ReadOnlySequence<byte>(body, 0, 1024 * 1024), default);
            await cluster.StopRgwAsync();

            await Assert.ThrowsAsync<ObjectStoreException>(async () =>
            {
                await upload.WriteAsync(new ReadOnlySequence<byte>(body, 1024 * 1024, body.Length - 1024 * 1024), default);
                await upload.CommitAsync(default);
            });
            Assert.False(upload.Published);
        }
        finally
        {
            await cluster.StartRgwAsync();
        }
        Assert.Null(await _store.GetSizeAsync(Repo, key, default));
        Assert.Empty(await _bucket.AllKeysAsync());
    }

    [Fact]
    public async Task A_missing_bucket_is_a_store_error_never_a_missing_object()
    {
        using var store = new S3RepositoryStore(TestBucket.Options(cluster, "kaya-no-such-bucket"));
        var key = Key(ObjectType.Data, Random(10));

        var head = await Assert.ThrowsAsync<ObjectStoreException>(() => store.GetSizeAsync(Repo, key, default).AsTask());
        Assert.Equal("NoSuchBucket", head.ErrorCode);
        Assert.Contains("kaya-no-such-bucket", head.Message);
        var open = await Assert.ThrowsAsync<ObjectStoreException>(() => store.OpenReadAsync(Repo, key, default).AsTask());
        Assert.Equal("NoSuchBucket", open.ErrorCode);
        var list = await Assert.ThrowsAsync<ObjectStoreException>(() => store.ListAsync(Repo, ObjectType.Data, default).AsTask());
        Assert.Equal("NoSuchBucket", list.ErrorCode);
        Assert.IsAssignableFrom<IOException>(list);
    }

    [Fact]
    public async Task Refused_credentials_are_a_store_error_never_a_missing_object()
    {
        using var store = new S3RepositoryStore(TestBucket.Options(cluster, _bucket.Name) with { Credentials = new BasicAWSCredentials("nobody", "wrong") });
        var key = Key(ObjectType.Data, Random(10));

        var e = await Assert.ThrowsAsync<ObjectStoreException>(() => store.GetSizeAsync(Repo, key, default).AsTask());
        Assert.Contains("403", e.Message);
        var list = await Assert.ThrowsAsync<ObjectStoreException>(() => store.ListAsync(Repo, ObjectType.Data, default).AsTask());
        Assert.Equal("InvalidAccessKeyId", list.ErrorCode);
    }

    private static async Task<List<(string Name, long Size)>> ListAsync(S3RepositoryStore store, ObjectType type)
    {
        var entries = await store.ListAsync(Repo, type, default);
        Assert.NotNull(entries);
        var result = new List<(string, long)>();
        await foreach (var e in (IAsyncEnumerable<ObjectEntry>)entries) result.Add((e.Name, e.Size));
        return result;
    }
}
