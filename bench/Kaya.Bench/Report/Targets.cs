namespace Kaya.Bench.Report;

/// <summary>A goal from the benchmark issue, checked against this run's figures.</summary>
public sealed record TargetResult(string Target, string Measured, bool? Met)
{
    public string Verdict => Met switch { true => "met", false => "NOT met", null => "not measured" };
}

/// <summary>The targets; each compares Kaya with the peers measured in the same run.</summary>
public static class Targets
{
    /// <summary>"48 MB" taken as 48·10^6 bytes, the stricter reading.</summary>
    private const long RssLimitKiB = 48_000_000 / 1024;

    public static IReadOnlyList<TargetResult> Check(IReadOnlyList<Summary> results)
    {
        var list = new List<TargetResult>();
        Summary? Get(Row row, string server) => results.FirstOrDefault(s => s.Row == row && s.Server == server);
        Summary? BestPeer(Row row) => results.Where(s => s.Row == row && !s.IsKaya)
            .OrderBy(s => row.HigherIsBetter ? -s.Value : s.Value).FirstOrDefault();

        void Ratio(string target, Row row, Summary? peer, double factor)
        {
            var kaya = Get(row, "kaya");
            if (kaya is null || peer is null) { list.Add(new(target, "", null)); return; }
            var ratio = kaya.Value / peer.Value;
            var met = row.HigherIsBetter ? ratio >= factor : ratio <= factor;
            list.Add(new(target, $"{ratio:0.00}× ({peer.Server})", met));
        }

        Ratio("raw upload ≥ 2× rest-server", Row.RawUpload, Get(Row.RawUpload, "rest-server"), 2.0);
        Ratio("raw upload ≥ 1.2× rclone", Row.RawUpload, Get(Row.RawUpload, "rclone"), 1.2);
        Ratio("small objects ≥ 1.5× best peer", Row.SmallObjects, BestPeer(Row.SmallObjects), 1.5);
        Ratio("authenticated requests ≥ 1.5× best peer", Row.Auth, BestPeer(Row.Auth), 1.5);
        Ratio("listing ≤ rest-server's time", Row.Listing, Get(Row.Listing, "rest-server"), 1.0);
        var resticPeer = BestPeer(Row.ResticTotal);
        Ratio("restic end to end ≤ 0.9× best peer's wall time", Row.ResticTotal, resticPeer, 0.9);
        var resticKaya = Get(Row.ResticTotal, "kaya");
        list.Add(resticKaya is null || resticPeer is null
            ? new("restic end to end: server CPU ≤ best peer's", "", null)
            : new("restic end to end: server CPU ≤ best peer's", $"{resticKaya.CpuSeconds:0.00} s vs {resticPeer.CpuSeconds:0.00} s ({resticPeer.Server})", resticKaya.CpuSeconds <= resticPeer.CpuSeconds));
        var raw = Get(Row.RawUpload, "kaya");
        list.Add(raw is null
            ? new("peak RSS ≤ 48 MB during the raw upload", "", null)
            : new("peak RSS ≤ 48 MB during the raw upload", $"{raw.PeakRssKiB / 1024.0:0.0} MiB", raw.PeakRssKiB <= RssLimitKiB));

        // Issue 14: on a bucket, faster than rclone on every row while verifying every hash.
        foreach (var row in new[] { Row.RawUpload, Row.SmallObjects, Row.Listing, Row.ResticTotal, Row.ResticCheck }.Select(r => r.OnS3()))
            Ratio($"{row.Title}: faster than rclone", row, Get(row, "rclone"), 1.0);

        var original = results.FirstOrDefault(s => s.Row == Row.Tunnel && !s.IsKaya);
        foreach (var transport in new[] { "sshnet", "openssh" })
        {
            var kaya = Get(Row.Tunnel, $"kaya {transport}");
            var wallTarget = $"tunnel ({transport}) ≤ 1.1× OpenSSH-to-peer wall time";
            var cpuTarget = $"tunnel ({transport}): target sshd CPU ≤ 1.5× OpenSSH-to-peer";
            if (kaya is null || original is null) { list.Add(new(wallTarget, "", null)); list.Add(new(cpuTarget, "", null)); continue; }
            var wall = kaya.Value / original.Value;
            list.Add(new(wallTarget, $"{wall:0.00}× ({original.Server})", wall <= 1.1));
            var cpu = original.CpuSeconds > 0 ? kaya.CpuSeconds / original.CpuSeconds : double.PositiveInfinity;
            list.Add(new(cpuTarget, $"{kaya.CpuSeconds:0.00} s vs {original.CpuSeconds:0.00} s ({cpu:0.00}×)", cpu <= 1.5));
        }
        return list;
    }
}
