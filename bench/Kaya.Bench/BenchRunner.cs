using Kaya.Bench.Data;
using Kaya.Bench.ObjectStore;
using Kaya.Bench.Fleet;
using Kaya.Bench.Report;
using Kaya.Bench.Rows;
using Kaya.Bench.Servers;
using Kaya.Bench.Sys;
using Kaya.Bench.Tunnel;

namespace Kaya.Bench;

/// <summary>
/// One benchmark run: data sets, physical limits, then rounds in which every row runs against every
/// server, the order of servers rotating from round to round so that no server always goes first.
/// </summary>
public sealed class BenchRunner(BenchSettings settings, string work, string kaya, IReadOnlyList<ServerKind> servers, ISet<string>? onlyRows)
{
    private readonly List<Measurement> _measurements = [];
    private readonly List<string> _notes = [];
    private readonly List<FleetMeasurement> _fleet = [];

    private CancellationToken _cancel;

    public async Task<RunReport> RunAsync(CancellationToken ct)
    {
        _cancel = ct;
        var started = DateTime.UtcNow;
        var context = await PrepareAsync(ct);
        var environment = await MachineInfo.CollectAsync(work, kaya, servers, ct);

        Log("physical limits: durable writes, SHA-256, restic without a server");
        var raw = await PhysicalLimits.DurableWriteAsync(context, context.RawBlobs, direct: false, ct);
        var rawDirect = await PhysicalLimits.DurableWriteAsync(context, context.RawBlobs, direct: true, ct);
        var small = await PhysicalLimits.DurableWriteAsync(context, context.SmallBlobs, direct: false, ct);
        var limits = new List<(string, double, string)>
        {
            ($"{settings.RawBlobs} × {settings.RawBlobSize >> 20} MiB written with fsync + rename + directory fsync by {BenchSettings.Parallel} writers, through the page cache", raw.MBps, "MB/s"),
            ($"the same, around the page cache (O_DIRECT, 1 MiB writes)", rawDirect.MBps, "MB/s"),
            ($"{settings.SmallBlobs} × {settings.SmallBlobSize >> 10} KiB written with fsync + rename + directory fsync by {BenchSettings.Parallel} writers", small.FilesPerSecond, "files/s"),
            ("CPU those writers spent per 4 KiB file (nearly all in the kernel: create, two flushes, rename)", small.CpuMicrosecondsPerFile, "µs"),
            ("SHA-256, one core", PhysicalLimits.Sha256(context.RawBlobs), "MB/s"),
        };
        if (Wanted("restic"))
        {
            foreach (var (step, seconds) in await ResticRow.WithoutServerAsync(context, settings.Rounds, ct))
                limits.Add(($"restic {step} into a local repository in memory (/dev/shm), no server at all, median of {settings.Rounds}", seconds, "s"));
            var (restore, check) = await DiskFloor.ColdReadsAsync(context, settings.Rounds, ct);
            limits.Add(($"restic restore from a local repository on the servers' disk, evicted from the page cache first, no server (the floor for the cold restore), median of {settings.Rounds}", restore, "s"));
            limits.Add(($"restic check --read-data of that repository, evicted first, no server, median of {settings.Rounds}", check, "s"));
        }

        await using var sshd = Wanted("tunnel") ? await TunnelSetupAsync(ct) : null;
        // s3raw: the s3 raw-upload row alone, without the listing's 100,000 objects to copy up first.
        var s3Row = Wanted("s3") ? "s3" : "s3raw";
        await using var s3 = Wanted(s3Row) ? await S3SetupAsync(context, withListing: s3Row == "s3", ct) : null;
        var s3Servers = s3 is null ? [] : S3Rows.Servers(servers, s3.Target);
        await using var fleet = Wanted("fleet") ? await FleetRow.StartAsync(context, _notes, ct) : null;
        var peerForOriginal = servers.FirstOrDefault(s => s.Name == "rest-server") ?? servers.FirstOrDefault(s => s.Name == "rclone");

        for (var round = 0; round < settings.Rounds; round++)
        {
            var order = servers.Skip(round % servers.Count).Concat(servers.Take(round % servers.Count)).ToList();
            Log($"round {round + 1}/{settings.Rounds}: {string.Join(", ", order)}");
            foreach (var server in order) await TryAsync("raw", server.Name, () => One(HttpRows.RawUploadAsync(context, server, ct)));
            var unverified = ServerKind.KayaWithoutVerify(kaya);
            await TryAsync("raw", unverified.Name, () => One(HttpRows.RawUploadAsync(context, unverified, ct)));
            foreach (var server in order) await TryAsync("small", server.Name, () => One(HttpRows.SmallObjectsAsync(context, server, ct)));
            foreach (var server in order) await TryAsync("listing", server.Name, () => One(HttpRows.ListingAsync(context, server, ct)));
            foreach (var server in order) await TryAsync("auth", server.Name, () => One(HttpRows.AuthenticatedAsync(context, server, ct)));
            foreach (var server in order) await TryAsync("restic", server.Name, () => ResticRow.RunAsync(context, server, ct));
            if (sshd is not null && peerForOriginal is not null)
            {
                var paths = new List<(string Name, Func<Task<IReadOnlyList<Measurement>>> Run)>
                {
                    ("kaya sshnet", () => One(TunnelRow.KayaAsync(context, sshd, "sshnet", ct))),
                    ("kaya openssh", () => One(TunnelRow.KayaAsync(context, sshd, "openssh", ct))),
                    ($"ssh -R + {peerForOriginal.Name}", () => One(TunnelRow.OriginalAsync(context, sshd, peerForOriginal, ct))),
                };
                foreach (var (name, run) in paths.Skip(round % paths.Count).Concat(paths.Take(round % paths.Count)))
                    await TryAsync("tunnel", name, run);
            }
            var s3Order = s3Servers.Skip(round % Math.Max(1, s3Servers.Count)).Concat(s3Servers.Take(round % Math.Max(1, s3Servers.Count))).ToList();
            foreach (var (server, run) in S3Rows.Round(context, s3Order, rawOnly: s3Row == "s3raw", ct)) await TryAsync(s3Row, server.ToString(), run);
            if (fleet is not null)
            {
                var variants = fleet.Variants;
                foreach (var (name, parallel) in variants.Skip(round % variants.Count).Concat(variants.Take(round % variants.Count)))
                    await TryAsync("fleet", name, async () => { _fleet.Add(await fleet.RunAsync(context, name, parallel, ct)); return []; });
            }
        }

        return new RunReport
        {
            StartedUtc = started, Settings = settings, Environment = environment,
            Measurements = _measurements, Limits = limits, Notes = _notes.Distinct().ToList(), Fleet = _fleet,
        };
    }

    private async Task<BenchContext> PrepareAsync(CancellationToken ct)
    {
        // An interrupted run leaves its measurement folders behind: they hold nothing worth keeping.
        var runs = Path.Combine(work, "runs");
        if (Directory.Exists(runs)) Directory.Delete(runs, recursive: true);
        Log("data sets (seeded; reused from bench/work/datasets when present)");
        var htpasswd = Path.Combine(work, "datasets", "htpasswd-bcrypt10");
        Directory.CreateDirectory(Path.GetDirectoryName(htpasswd)!);
        // Cost 10: bcrypt's usual default (htpasswd -B alone uses 5); each uncached check costs ~50 ms of CPU.
        (await Programs.RunAsync("htpasswd", ["-B", "-C", "10", "-b", "-c", htpasswd, BenchContext.User, BenchContext.Password], ct: ct)).EnsureSuccess("htpasswd");
        var listingFiles = Wanted("listing") ? settings.ListingFiles : 0;
        var context = new BenchContext
        {
            Settings = settings,
            Work = work,
            KayaBinary = kaya,
            Servers = servers,
            RawBlobs = Blob.Generate(settings.RawBlobs, settings.RawBlobSize, seed: 1),
            SmallBlobs = Blob.Generate(settings.SmallBlobs, settings.SmallBlobSize, seed: 2),
            ListingRoot = DataSets.ListingRepository(work, listingFiles),
            Tree = Wanted("restic") || Wanted("tunnel") || Wanted("s3") ? DataSets.ResticTree(work, settings.Tree) : "",
            Htpasswd = htpasswd,
        };
        return context;
    }

    private async Task<Sshd?> TunnelSetupAsync(CancellationToken ct)
    {
        var help = await Programs.RunAsync(kaya, ["--help"], ct: ct);
        if (!help.Stdout.Contains("HOST", StringComparison.Ordinal))
        {
            _notes.Add("tunnel row skipped: this kaya has no `kaya HOST backup` yet (the orchestrator branch adds it)");
            return null;
        }
        if (!servers.Any(s => !s.IsKaya))
        {
            _notes.Add("tunnel row skipped: no peer server for the original's ssh -R path");
            return null;
        }
        return await Sshd.StartAsync(new SshdOptions(), ct);
    }

    private async Task<S3Setup?> S3SetupAsync(BenchContext context, bool withListing, CancellationToken ct)
    {
        if (servers.FirstOrDefault(s => s.Name == "rclone") is not { } rclone)
        {
            _notes.Add("s3 rows skipped: rclone makes the buckets and is the peer there (Debian: apt install rclone)");
            return null;
        }
        Log("s3: starting a single-node Ceph cluster (mon, memstore OSD, RGW)" + (withListing ? " and copying the listing's repository up" : ""));
        try
        {
            var listingRoot = withListing ? DataSets.ListingRepository(work, settings.ListingFiles) : null;
            var setup = await S3Setup.StartAsync(listingRoot, rclone.Binary, ct);
            context.S3ListingPath = setup.ListingPath;
            Log($"s3: RGW on {setup.Target.Endpoint}" + (withListing ? $"; {settings.ListingFiles} listing objects copied up in {setup.ListingUpload.TotalSeconds:0} s" : ""));
            return setup;
        }
        catch (InvalidOperationException e)
        {
            _notes.Add($"s3 rows skipped: {e.Message}");
            return null;
        }
    }

    private bool Wanted(string row) => onlyRows is null || onlyRows.Contains(row);

    private static async Task<IReadOnlyList<Measurement>> One(Task<Measurement> measurement) => [await measurement];

    private async Task TryAsync(string row, string server, Func<Task<IReadOnlyList<Measurement>>> run)
    {
        if (!Wanted(row)) return;
        try
        {
            var results = await run();
            _measurements.AddRange(results);
            foreach (var m in results) Log($"  {m.Row.Title,-28} {server,-22} {m.Value,10:0.00} {m.Row.Unit,-5} cpu {m.CpuSeconds:0.00} s");
        }
        catch (Exception e) when (e is BenchException or ProgramException or HttpRequestException or IOException or TaskCanceledException && !_cancel.IsCancellationRequested)
        {
            _notes.Add($"{row} / {server}: {e.Message}");
            Log($"  {row} / {server}: FAILED: {e.Message}");
        }
    }

    private static void Log(string line) => Console.Error.WriteLine($"[{DateTime.UtcNow:HH:mm:ss}] {line}");
}
