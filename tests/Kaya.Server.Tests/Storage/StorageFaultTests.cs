using Kaya.Server.Hosting;
using Kaya.Server.Storage;
using Microsoft.Extensions.Logging;

namespace Kaya.Server.Tests.Storage;

/// <summary>
/// Issue 11 §2, a fault is a fault: every file-system error but "does not exist" answers 500 (507 when
/// full) and is logged with its errno. Tests run as root, so faults are injected (StoreFaults).
/// </summary>
public sealed class StorageFaultTests : IAsyncDisposable
{
    private readonly string _root = new TempFolder().Path;
    private readonly FileSystemStore _store;
    private readonly CollectingLogger _log = new();
    private InProcessServer? _server;

    public StorageFaultTests() => _store = new FileSystemStore(_root);

    private async Task<InProcessServer> StartAsync()
    {
        var options = new KayaServerOptions { DataPath = _root, Listen = [ListenAddress.Loopback(0)], Authentication = ServerAuthentication.None, Store = _store };
        _server = await InProcessServer.StartAsync(options, LoggerFactory.Create(b => b.AddProvider(_log)));
        await _server.Client.Create("/repo/");
        return _server;
    }

    private void Fail(string call, int errno, string? pathPart = null, int times = int.MaxValue) =>
        _store.Faults.Inject = (c, path) => c == call && (pathPart is null || path.Contains(pathPart, StringComparison.Ordinal)) && times-- > 0 ? errno : null;

    public async ValueTask DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
        _store.Dispose();
    }

    [Theory]
    [InlineData(Errno.EACCES)]
    [InlineData(Errno.EIO)]
    public async Task Head_and_get_answer_500_when_the_file_cannot_be_looked_at(int errno)
    {
        var s = await StartAsync();
        var (data, id) = Blob.Make("pack");
        await s.Client.Post($"/repo/data/{id}", data);
        Fail(StoreFaults.Stat, errno);
        Assert.Equal(500, await s.Client.Head($"/repo/data/{id}").Status());
        Fail(StoreFaults.Open, errno);
        Assert.Equal(500, await s.Client.Get($"/repo/data/{id}").Status());
        _store.Faults.Inject = null;
        Assert.Equal(200, await s.Client.Head($"/repo/data/{id}").Status());
        Assert.Equal(404, await s.Client.Head($"/repo/data/{new string('0', 64)}").Status());
    }

    [Fact]
    public async Task A_failure_is_logged_with_its_path_errno_and_exception()
    {
        var s = await StartAsync();
        Fail(StoreFaults.Stat, Errno.EIO);
        Assert.Equal(500, await s.Client.Head("/repo/config").Status());
        var entry = Assert.Single(_log.Entries, e => e.Level == LogLevel.Error);
        Assert.Equal("HEAD /repo/config failed: storage error (errno 5)", entry.Message);
        Assert.Equal(Errno.EIO, Assert.IsType<IOException>(entry.Exception).HResult);
    }

    [Fact]
    public async Task A_listing_fails_whole_when_one_data_folder_cannot_be_read()
    {
        var s = await StartAsync();
        var (a, idA) = Blob.Make("first");
        var (b, idB) = Blob.Make("second");
        await s.Client.Post($"/repo/data/{idA}", a);
        await s.Client.Post($"/repo/data/{idB}", b);
        Fail(StoreFaults.List, Errno.EACCES, pathPart: "/data/" + idB[..2]);
        Assert.Equal(500, await s.Client.Get("/repo/data/").Status());
    }

    [Fact]
    public async Task An_unreadable_type_folder_lists_as_500_not_empty()
    {
        var s = await StartAsync();
        Fail(StoreFaults.List, Errno.EACCES, pathPart: "/locks");
        Assert.Equal(500, await s.Client.Get("/repo/locks/").Status());
        _store.Faults.Inject = null;
        Assert.Equal("[]", await (await s.Client.Get("/repo/locks/")).Body());
    }

    [Fact]
    public async Task A_delete_that_fails_answers_500_and_the_file_stays()
    {
        var s = await StartAsync();
        var (data, id) = Blob.Make("a lock");
        await s.Client.Post($"/repo/locks/{id}", data);
        Fail(StoreFaults.Delete, Errno.EACCES);
        Assert.Equal(500, await s.Client.Delete($"/repo/locks/{id}").Status());
        Assert.True(File.Exists(Path.Combine(_root, "repo", "locks", id)));
    }

    [Fact]
    public async Task O_direct_refused_with_EINVAL_is_written_through_the_page_cache()
    {
        var s = await StartAsync();
        var (data, id) = Blob.Random(3 * 1024 * 1024);
        Fail(StoreFaults.Write, Errno.EINVAL, times: 1);
        Assert.Equal(200, await s.Client.Post($"/repo/data/{id}", data).Status());
        Assert.Equal(data, await File.ReadAllBytesAsync(Path.Combine(_root, "repo", "data", id[..2], id)));
    }

    [Theory]
    [InlineData(Errno.ENOSPC, 507)]
    [InlineData(Errno.EDQUOT, 507)]
    [InlineData(Errno.EIO, 500)]
    public async Task A_write_fault_is_never_retried_through_the_page_cache(int errno, int status)
    {
        var s = await StartAsync();
        var (data, id) = Blob.Random(3 * 1024 * 1024);
        Fail(StoreFaults.Write, errno, times: 1);
        Assert.Equal(status, await s.Client.Post($"/repo/data/{id}", data).Status());
        Assert.Empty(Directory.GetFiles(Path.Combine(_root, "repo", "data", id[..2])));
    }
}
