namespace Kaya.Bench.Servers;

/// <summary>A REST server under test and how to start it; each takes its own spelling of the same flags.</summary>
public sealed record ServerKind(string Name, string Binary, bool IsKaya)
{
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
        return ServerProcess.StartAsync(Binary, Arguments(dataPath, FreePort.Pick(), mode), ready, ct: ct);
    }

    /// <summary>The command line for serving dataPath on 127.0.0.1:port.</summary>
    public IReadOnlyList<string> Arguments(string dataPath, int port, ServeMode mode)
    {
        var args = new List<string>();
        switch (Name)
        {
            case "kaya" or KayaWithoutVerifyName:
                args.AddRange(["serve", "--path", dataPath, "--listen", $"127.0.0.1:{port}"]);
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
                args.Add(dataPath);
                break;
            default:
                throw new InvalidOperationException(Name);
        }
        if (mode.AppendOnly) args.Add("--append-only");
        if (mode.PrivateRepos) args.Add("--private-repos");
        return args;
    }

    public override string ToString() => Name;
}

/// <summary>How a server is run for one measurement: no auth unless an htpasswd file is given.</summary>
public sealed record ServeMode(string? Htpasswd = null, bool AppendOnly = false, bool PrivateRepos = false)
{
    public static readonly ServeMode Open = new();
}
