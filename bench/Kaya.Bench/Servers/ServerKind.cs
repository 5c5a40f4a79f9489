using Kaya.Bench.ObjectStore;
using Kaya.Bench.Report;

namespace Kaya.Bench.Servers;

/// <summary>A REST server under test and how to start it; each takes its own spelling of the same flags.</summary>
public sealed record ServerKind(string Name, string Binary, bool IsKaya)
{
    /// <summary>Set: the server keeps its repositories in this bucket instead of its data folder (the s3 rows).</summary>
    public S3Target? Store { get; init; }

    /// <summary>The same server over a bucket; rest-server has no object storage.</summary>
    public ServerKind OnS3(S3Target store) => this with { Store = store };

    /// <summary>The row a measurement of this server is filed under: its s3 twin when the repository is in a bucket.</summary>
    public Row Measures(Row row) => Store is null ? row : row.OnS3();

    public static ServerKind Kaya(string binary) => new("kaya", binary, IsKaya: true);

    /// <summary>Kaya without the SHA-256 check of uploads (still durable): run on the raw row only, to show what the check costs.</summary>
    public static ServerKind KayaWithoutVerify(string binary) => new(KayaWithoutVerifyName, binary, IsKaya: true);

    public const string KayaWithoutVerifyName = "kaya --no-verify-upload";
    public static ServerKind Rclone(string binary) => new("rclone", binary, IsKaya: false);
    public static ServerKind RestServer(string binary) => new("rest-server", binary, IsKaya: false);

    /// <summary>
    /// Starts this server on a fresh data folder and a free loopback port for one measurement; ready once
    /// it prints the line it prints when it listens. Dispose it to stop it.
    /// </summary>
    /// <exception cref="ProgramException">it did not start or get ready; the message has its output</exception>
    public Task<ServerProcess> StartAsync(string dataPath, ServeMode mode, CancellationToken ct)
    {
        Directory.CreateDirectory(dataPath);
        var ready = Name == "rclone" ? ServerProcess.RcloneLine() : ServerProcess.StartLine();
        return ServerProcess.StartAsync(Binary, Arguments(dataPath, FreePort.Pick(), mode), ready, Store?.Environment(), ct);
    }

    /// <summary>
    /// The command line for serving dataPath on 127.0.0.1:port. With a <see cref="Store"/>, the repositories
    /// live in BUCKET/PREFIX instead (mode.S3Path, else a prefix named after the measurement's folder,
    /// unique in the run) and dataPath holds only Kaya's local state.
    /// </summary>
    public IReadOnlyList<string> Arguments(string dataPath, int port, ServeMode mode)
    {
        var args = new List<string>();
        var s3Path = Store is null ? null : mode.S3Path ?? $"{Store.Bucket}/{Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(dataPath)))}";
        switch (Name)
        {
            case "kaya" or KayaWithoutVerifyName:
                args.AddRange(["serve", "--path", dataPath, "--listen", $"127.0.0.1:{port}"]);
                if (s3Path is not null) args.AddRange(["--storage", $"s3://{s3Path}", "--s3-endpoint", Store!.Endpoint.ToString(), "--s3-region", S3Target.Region]);
                args.AddRange(mode.Htpasswd is { } kh ? ["--htpasswd-file", kh] : ["--no-auth"]);
                if (Name == KayaWithoutVerifyName) args.Add("--no-verify-upload");
                break;
            case "rest-server":
                args.AddRange(["--path", dataPath, "--listen", $"127.0.0.1:{port}"]);
                args.AddRange(mode.Htpasswd is { } rh ? ["--htpasswd-file", rh] : ["--no-auth"]);
                break;
            case "rclone":
                // rclone authenticates only when given --htpasswd; without it, it serves everyone.
                args.AddRange(["serve", "restic", "--addr", $"127.0.0.1:{port}"]);
                if (mode.Htpasswd is { } ch) args.AddRange(["--htpasswd", ch]);
                args.Add(s3Path is null ? dataPath : S3Target.Rclone(s3Path));
                break;
            default:
                throw new InvalidOperationException(Name);
        }
        if (mode.AppendOnly) args.Add("--append-only");
        if (mode.PrivateRepos) args.Add("--private-repos");
        return args;
    }

    public override string ToString() => Store is null ? Name : Name + " (s3)";
}

/// <summary>How a server is run for one measurement: no auth unless an htpasswd file is given.</summary>
/// <param name="S3Path">BUCKET/PREFIX to serve for a server on a store, when not a fresh prefix (the listing's prepared one)</param>
public sealed record ServeMode(string? Htpasswd = null, bool AppendOnly = false, bool PrivateRepos = false, string? S3Path = null)
{
    public static readonly ServeMode Open = new();
}
