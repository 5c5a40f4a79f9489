using System.CommandLine;
using Kaya.Cli.Funnel;
using Kaya.Conformance;
using Kaya.Orchestrator;

namespace Kaya.Cli.Commands;

/// <summary>
/// <c>kaya conformance URL [options]</c>: checks an already running restic REST server against the
/// protocol, one line per case, and exits 0 only when nothing failed.
/// </summary>
internal static class ConformanceCommand
{
    public static Command Create()
    {
        var url = new Argument<string>("URL") { Description = "the server's root URL, e.g. http://127.0.0.1:8000/" };
        var user = new Option<string>("--user") { Description = "a user the server accepts (omit for a server without authentication)" };
        var password = new Option<string>("--password") { Description = "that user's password" };
        var otherUser = new Option<string>("--other-user") { Description = "a second user, for the private-repository cases" };
        var otherPassword = new Option<string>("--other-password") { Description = "the second user's password" };
        var appendOnly = new Option<bool>("--append-only") { Description = "the server runs with --append-only" };
        var privateRepos = new Option<bool>("--private-repos") { Description = "the server runs with --private-repos" };
        var quota = new Option<string>("--quota") { Description = "the server's --max-size in bytes (suffixes K, M, G, T)" };
        var kaya = new Option<bool>("--kaya") { Description = "also check Kaya's stricter contract" };
        // Read by the funnel: the stack of an unexpected error.
        var debug = new Option<bool>("--debug") { Description = "show the stack of an unexpected error" };
        var only = new Option<string[]>("--only") { Description = "run only these rule ids or families (e.g. RANGE, APPEND-2); repeatable", AllowMultipleArgumentsPerToken = true };

        var command = new Command("conformance", "Check a running restic REST server against the protocol: one PASS/FAIL line per case.")
        {
            url, user, password, otherUser, otherPassword, appendOnly, privateRepos, quota, kaya, only, debug,
        };

        command.SetAction(async (parse, ct) =>
        {
            if (!Uri.TryCreate(parse.GetValue(url), UriKind.Absolute, out var baseUrl))
                return Usage($"{parse.GetValue(url)}: expected an absolute URL such as http://127.0.0.1:8000/");

            long? maxSize = null;
            if (parse.GetValue(quota) is { } text)
            {
                if (!ByteSize.TryParse(text, out var bytes)) return Usage($"--quota {text}: expected a number of bytes, optionally with K, M, G or T");
                maxSize = bytes;
            }

            var options = new ConformanceOptions
            {
                BaseUrl = baseUrl,
                User = parse.GetValue(user),
                Password = parse.GetValue(password),
                OtherUser = parse.GetValue(otherUser),
                OtherPassword = parse.GetValue(otherPassword),
                AppendOnly = parse.GetValue(appendOnly),
                PrivateRepos = parse.GetValue(privateRepos),
                Quota = maxSize,
                Kaya = parse.GetValue(kaya),
                Only = [.. (parse.GetValue(only) ?? []).SelectMany(o => o.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))],
            };
            if (options.Validate() is { } problem) return Usage(problem);

            var summary = await ConformanceRunner.RunAsync(options, Console.Out, ct);
            return summary.Failed == 0 ? ExitCodes.Success : ExitCodes.Failure;
        });
        return command;
    }

    private static int Usage(string message) => throw new UsageException(message);
}
