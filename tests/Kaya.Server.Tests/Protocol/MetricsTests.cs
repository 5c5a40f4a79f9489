using System.Net;

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
