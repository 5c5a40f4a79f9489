using System.CommandLine;
using System.Runtime.InteropServices;
using System.Threading.Channels;
using Kaya.Cli.Funnel;
using Kaya.Orchestrator;
using Kaya.Orchestrator.Lifecycle;
using Kaya.Server.Access;
using Kaya.Server.Hosting;
using Kaya.Storage.S3;
using Microsoft.Extensions.Logging;

namespace Kaya.Cli.Commands;

/// <summary><c>kaya serve</c>: a drop-in for rest-server, flags named as rest-server names them.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var path = new Option<string>("--path") { Description = "data directory (default /var/lib/kaya/serve as root, else ./kaya-data)" };
        var listen = new Option<string>("--listen") { Description = "listen address: HOST:PORT, :PORT (loopback), unix:/path", DefaultValueFactory = _ => "127.0.0.1:8000" };
        var appendOnly = new Option<bool>("--append-only") { Description = "only allow adding to repositories; deletes are refused except of locks" };
        var privateRepos = new Option<bool>("--private-repos") { Description = "users may only access /USER/ and /USER/SUB/" };
        var noAuth = new Option<bool>("--no-auth") { Description = "disable authentication" };
        var htpasswd = new Option<string>("--htpasswd-file") { Description = "htpasswd file (default PATH/.htpasswd)" };
        var maxSize = new Option<string>("--max-size") { Description = "total bytes all repositories may hold (suffixes K, M, G, T); with --storage s3://, bytes each repository may hold" };
        var noVerify = new Option<bool>("--no-verify-upload") { Description = "do not check that uploads hash to their name" };
        var log = new Option<string>("--log") { Description = "write an access log in combined format to FILE, or - for stdout" };
        var prometheus = new Option<bool>("--prometheus") { Description = "serve Prometheus metrics at /metrics" };
        var prometheusNoAuth = new Option<bool>("--prometheus-no-auth") { Description = "serve /metrics without authentication" };
        var tls = new Option<bool>("--tls") { Description = "serve HTTPS" };
        var tlsCert = new Option<string>("--tls-cert") { Description = "TLS certificate, PEM (default PATH/public_key)" };
        var tlsKey = new Option<string>("--tls-key") { Description = "TLS private key, PEM (default PATH/private_key)" };
        var group = new Option<bool>("--group-accessible-repos") { Description = "let the group read and write repositories (dirs 0770, files 0660)" };
        var debug = new Option<bool>("--debug") { Description = "log every request, and the stack of an unexpected error" };
        var storage = new Option<string>("--storage") { Description = "keep repositories in s3://BUCKET/PREFIX instead of --path (credentials: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or ~/.aws/credentials)" };
        var s3Endpoint = new Option<string>("--s3-endpoint") { Description = "S3 endpoint URL for --storage, e.g. http://rgw.example:7480 (default: AWS)" };
        var s3Region = new Option<string>("--s3-region") { Description = "S3 signing region for --storage (default us-east-1)" };

        var command = new Command("serve", "Serve restic repositories over the REST protocol, as rest-server does.")
        {
            path, listen, appendOnly, privateRepos, noAuth, htpasswd, maxSize, noVerify, log, prometheus, prometheusNoAuth, tls, tlsCert, tlsKey, group, debug,
            storage, s3Endpoint, s3Region,
        };

        command.SetAction(async (parse, _) =>
        {
            var dataPath = parse.GetValue(path) ?? (Environment.UserName == "root" ? "/var/lib/kaya/serve" : "./kaya-data");
            ListenAddress address;
            try { address = ListenAddress.Parse(parse.GetValue(listen)!); }
            catch (FormatException e) { return Usage(e.Message); }

            long? max = null;
            if (parse.GetValue(maxSize) is { } sizeText)
            {
                if (!ByteSize.TryParse(sizeText, out var bytes)) return Usage($"--max-size {sizeText}: expected a number of bytes, optionally with K, M, G or T");
                max = bytes;
            }

            string? cert = null, key = null;
            if (parse.GetValue(tls))
            {
                cert = parse.GetValue(tlsCert) ?? Path.Combine(dataPath, "public_key");
                key = parse.GetValue(tlsKey) ?? Path.Combine(dataPath, "private_key");
            }
            else if (parse.GetValue(tlsCert) is not null || parse.GetValue(tlsKey) is not null)
            {
                return Usage("--tls-cert and --tls-key require --tls");
            }

            S3StoreOptions? s3 = null;
            if (parse.GetValue(storage) is { } location)
            {
                try { s3 = S3StoreOptions.Parse(location, parse.GetValue(s3Endpoint), parse.GetValue(s3Region)); }
                catch (FormatException e) { return Usage($"--storage {e.Message}"); }
                if (parse.GetValue(group)) return Usage("--group-accessible-repos sets file modes and means nothing with --storage s3://…");
            }
            else if (parse.GetValue(s3Endpoint) is not null || parse.GetValue(s3Region) is not null)
            {
                return Usage("--s3-endpoint and --s3-region require --storage s3://BUCKET/PREFIX");
            }

            // The server never owns a store it is given: this one lives as long as the command.
            using var store = s3 is null ? null : new S3RepositoryStore(s3);
            var options = new KayaServerOptions
            {
                DataPath = dataPath,
                Store = store,
                Listen = [address],
                Policy = new RepositoryPolicy
                {
                    AppendOnly = parse.GetValue(appendOnly),
                    Private = parse.GetValue(privateRepos),
                    VerifyUploads = !parse.GetValue(noVerify),
                },
                Authentication = parse.GetValue(noAuth) ? ServerAuthentication.None : ServerAuthentication.Htpasswd(parse.GetValue(htpasswd)),
                MaxSize = max,
                GroupAccessible = parse.GetValue(group),
                Prometheus = parse.GetValue(prometheus),
                // As rest-server: --prometheus-no-auth means nothing without --prometheus.
                PrometheusNoAuth = parse.GetValue(prometheus) && parse.GetValue(prometheusNoAuth),
                AccessLog = parse.GetValue(log),
                TlsCertificate = cert,
                TlsKey = key,
                // With each repository: fsync'd lines in its folder, or one object per snapshot in a bucket.
                // kaya serve keeps no history database, so no ledger table (orchestrated runs keep one).
                SnapshotLedger = SnapshotLedgers.ForStore(dataPath, store),
            };
            return await RunAsync(options, parse.GetValue(debug));
        });
        return command;
    }

    private static async Task<int> RunAsync(KayaServerOptions options, bool debug)
    {
        using var loggerFactory = LoggerFactory.Create(b => b
            .SetMinimumLevel(debug ? LogLevel.Debug : LogLevel.Warning)
            .AddFilter("Microsoft", debug ? LogLevel.Information : LogLevel.Warning)
            // The host logs a failed start with its whole stack; the funnel prints that failure as one line instead.
            .AddFilter("Microsoft.Extensions.Hosting", debug ? LogLevel.Information : LogLevel.None)
            .AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = null; })
            .AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace));
        using var signals = new Signals();

        ServeStartup.Check(options);
        KayaServer server;
        try
        {
            // A mistyped bucket, endpoint or missing credentials stop the start instead of failing every request.
            if (options.Store is S3RepositoryStore s3) await s3.CheckBucketAsync(signals.Token);
            server = await KayaServer.StartAsync(options, loggerFactory, signals.Token);
        }
        catch (Exception e) when (ServeStartup.Classify(e, options) is { } failure)
        {
            throw failure;
        }

        await using (server)
        {
            // Only once listening: a start that fails ends in its one line alone.
            foreach (var address in options.Listen)
            {
                if (!address.IsLoopback && options.TlsCertificate is null)
                    Console.Error.WriteLine($"warning: listening on {address} without TLS: passwords and backups cross the network in clear text; add --tls or use an SSH tunnel");
            }
            foreach (var address in server.Addresses) Console.Error.WriteLine($"start server on {address}");
            // SIGHUP (logrotate, systemctl reload) reloads instead of ending the process, as rest-server and most daemons do.
            var reloads = Channel.CreateUnbounded<bool>();
            using var hangup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
            {
                context.Cancel = true;
                reloads.Writer.TryWrite(true);
            });
            try
            {
                while (true)
                {
                    await reloads.Reader.ReadAsync(signals.Token);
                    var done = server.Reload();
                    if (done.Count == 0) Console.Error.WriteLine("SIGHUP: nothing to reload (no --log file, htpasswd file or TLS certificate)");
                    foreach (var line in done) Console.Error.WriteLine($"SIGHUP: {line}");
                }
            }
            catch (OperationCanceledException) { }
            Console.Error.WriteLine("shutting down");
            await server.StopAsync();
        }
        return ExitCodes.Success;
    }

    private static int Usage(string message) => throw new UsageException(message);
}
