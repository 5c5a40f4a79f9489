using Kaya.Bench;
using Kaya.Bench.Servers;

// kaya-bench [--quick] [--rounds N] [--rows raw,small,listing,auth,restic,tunnel,s3,s3raw,fleet] --kaya PATH --work DIR --results DIR
// [--rclone PATH] [--rest-server PATH]; bench/run passes all of these. See bench/README.md.
string? Value(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
var quick = args.Contains("--quick");
// Full run: 3 rounds, the fewest that give a median; quick: 1.
var rounds = int.TryParse(Value("--rounds"), out var r) && r > 0 ? r : quick ? 1 : 3;
var settings = quick ? BenchSettings.QuickRun(rounds) : BenchSettings.Full(rounds);
var work = Path.GetFullPath(Value("--work") ?? "bench/work");
var results = Path.GetFullPath(Value("--results") ?? "bench/results");
var kaya = Path.GetFullPath(Value("--kaya") ?? Path.Combine(work, "kaya", "kaya"));
ISet<string>? rows = Value("--rows") is { } list ? list.Split(',').ToHashSet() : null;

if (!File.Exists(kaya))
{
    Console.Error.WriteLine($"kaya-bench: {kaya} not found; build it first (bench/run does: dotnet publish src/Kaya/Kaya.csproj -c Release -o bench/work/kaya)");
    return 2;
}
var servers = new List<ServerKind> { ServerKind.Kaya(kaya) };
if (Value("--rclone") is { } rclone) servers.Add(ServerKind.Rclone(rclone));
if (Value("--rest-server") is { } restServer) servers.Add(ServerKind.RestServer(restServer));

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };
AppDomain.CurrentDomain.ProcessExit += (_, _) => ServerProcess.KillAll();

try
{
    Kaya.Bench.Report.RunReport report;
    try
    {
        report = await new BenchRunner(settings, work, kaya, servers, rows).RunAsync(cancel.Token);
    }
    finally
    {
        Kaya.Bench.Rows.BenchContext.RemoveRetired();
    }
    Console.Out.Write(report.ToText());
    Directory.CreateDirectory(results);
    var file = Path.Combine(results, $"{report.StartedUtc:yyyy-MM-dd-HHmm}{(quick ? "-quick" : "")}.md");
    await File.WriteAllTextAsync(file, report.ToMarkdown());
    Console.Error.WriteLine($"kaya-bench: results written to {file}");
    return 0;
}
catch (OperationCanceledException)
{
    Console.Error.WriteLine("kaya-bench: interrupted; servers stopped");
    return 130;
}
finally
{
    ServerProcess.KillAll();
}
