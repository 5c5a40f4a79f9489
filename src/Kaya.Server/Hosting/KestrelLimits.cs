using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Kaya.Server.Hosting;

/// <summary>Kestrel's limits, set for restic rather than for browsers.</summary>
internal static class KestrelLimits
{
    public static void Apply(KestrelServerOptions kestrel)
    {
        kestrel.AddServerHeader = false;
        var limits = kestrel.Limits;
        // Packs go up to 128 MiB (restic's --pack-size limit) and index files can be larger; rest-server sets no cap.
        limits.MaxRequestBodySize = null;
        // A backup over a slow SSH tunnel must not be cut before restic's own 5-minute stall watchdog would.
        limits.MinRequestBodyDataRate = null;
        limits.MinResponseDataRate = null;
        limits.RequestHeadersTimeout = TimeSpan.FromMinutes(5);
        // restic keeps idle connections 90 s (Go's IdleConnTimeout); Kestrel's 130 s default outlives that.
        limits.KeepAliveTimeout = TimeSpan.FromSeconds(130);
    }
}
