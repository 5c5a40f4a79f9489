using System.Net;
using Kaya.Server.Hosting;

namespace Kaya.Server.Tests.Protocol;

public class MetricsTests
{
    [Fact]
    public async Task Metrics_count_blob_writes_reads_and_deletes_with_rest_server_names()
    {
        await using var s = await InProcessServer.StartAsync(prometheus: true);
        await s.Client.Create("/repo/");
        var (data, id) = Blob.Random(1000);
        await s.Client.Post($"/repo/data/{id}", data);
        await s.Client.Get($"/repo/data/{id}");
        await s.Client.Delete($"/repo/data/{id}");
        var response = await s.Client.Get("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Body();
        Assert.Contains("rest_server_blob_write_total{repo=\"repo\",type=\"data\",user=\"\"} 1", text);
        Assert.Contains("rest_server_blob_write_bytes_total{repo=\"repo\",type=\"data\",user=\"\"} 1000", text);
        Assert.Contains("rest_server_blob_read_bytes_total{repo=\"repo\",type=\"data\",user=\"\"} 1000", text);
        Assert.Contains("rest_server_blob_delete_total{repo=\"repo\",type=\"data\",user=\"\"} 1", text);
    }

    [Fact]
    public async Task Without_prometheus_metrics_is_not_found()
    {
        await using var s = await InProcessServer.StartAsync();
        Assert.Equal(404, await s.Client.Get("/metrics").Status());
        Assert.Null(s.Server.BlobMetrics);
    }

    [Fact]
    public async Task Counted_blobs_reach_the_hosting_process_while_the_server_itself_serves_no_metrics()
    {
        // What kaya daemon's run server does: it counts, and the daemon serves the counters on status_listen.
        await using var s = await InProcessServer.StartAsync(new KayaServerOptions
        {
            DataPath = new TempFolder().Path, Listen = [ListenAddress.Loopback(0)], Authentication = ServerAuthentication.None, CountBlobs = true,
        });
        await s.Client.Create("/repo/");
        var (data, id) = Blob.Random(1000);
        await s.Client.Post($"/repo/data/{id}", data);

        Assert.Equal(404, await s.Client.Get("/metrics").Status());
        Assert.Contains("rest_server_blob_write_bytes_total{repo=\"repo\",type=\"data\",user=\"\"} 1000\n", s.Server.BlobMetrics!.Render());
    }

    [Fact]
    public async Task Metrics_need_credentials_unless_prometheus_no_auth()
    {
        var root = new TempFolder().Path;
        PrivateRepositoryTests.WriteHtpasswd(root, ("metrics", "m"));
        await using var s = await InProcessServer.StartAsync(noAuth: false, prometheus: true, root: root);
        Assert.Equal(401, await s.Client.Get("/metrics").Status());
        using var metrics = s.NewClient("metrics", "m");
        Assert.Equal(200, await metrics.Get("/metrics").Status());

        var root2 = new TempFolder().Path;
        PrivateRepositoryTests.WriteHtpasswd(root2, ("metrics", "m"));
        await using var open = await InProcessServer.StartAsync(noAuth: false, prometheus: true, prometheusNoAuth: true, root: root2);
        Assert.Equal(200, await open.Client.Get("/metrics").Status());
    }
}
