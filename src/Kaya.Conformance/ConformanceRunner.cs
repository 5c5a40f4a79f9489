namespace Kaya.Conformance;

/// <summary>How one case went; <see cref="Detail"/> says what was wrong when it failed.</summary>
public sealed record CaseOutcome(Case Case, bool Passed, string? Detail);

public sealed record RunSummary(IReadOnlyList<CaseOutcome> Outcomes)
{
    public int Passed => Outcomes.Count(o => o.Passed);
    public int Failed => Outcomes.Count(o => !o.Passed);
}

/// <summary>
/// Runs the cases that apply to the given modes one after another (the server sees one client, like a
/// restic run), printing <c>PASS|FAIL id description</c> per case and <c>N passed, M failed</c> at the end.
/// </summary>
public static class ConformanceRunner
{
    public static async Task<RunSummary> RunAsync(ConformanceOptions options, TextWriter output, CancellationToken ct, IEnumerable<Case>? cases = null)
    {
        using var http = new ServerClient(options);
        var context = new CaseContext(options, http);
        var outcomes = new List<CaseOutcome>();
        foreach (var c in (cases ?? Catalog.All()).Where(c => c.AppliesTo(options) && options.Selects(c)))
        {
            ct.ThrowIfCancellationRequested();
            var outcome = await RunOneAsync(c, context, ct);
            outcomes.Add(outcome);
            await output.WriteLineAsync(outcome.Passed ? $"PASS {c.Id} {c.Description}" : $"FAIL {c.Id} {c.Description}: {outcome.Detail}");
            await output.FlushAsync(ct);
        }
        var summary = new RunSummary(outcomes);
        await output.WriteLineAsync($"{summary.Passed} passed, {summary.Failed} failed");
        await output.FlushAsync(ct);
        return summary;
    }

    internal static async Task<CaseOutcome> RunOneAsync(Case c, CaseContext context, CancellationToken ct)
    {
        using var deadline = new CancellationTokenSource(context.Options.CaseTimeout, context.Options.Time);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct, deadline.Token);
        try
        {
            await c.Check(context, timeout.Token);
            return new CaseOutcome(c, true, null);
        }
        catch (CaseFailedException e)
        {
            return new CaseOutcome(c, false, e.Message);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new CaseOutcome(c, false, $"no answer within {context.Options.CaseTimeout.TotalSeconds:0} s");
        }
        catch (Exception e) when (e is HttpRequestException or IOException or System.Net.Sockets.SocketException)
        {
            return new CaseOutcome(c, false, $"request failed (no answer, or a malformed one): {e.Message}");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A check that trips over an answer it did not foresee still fails only its own case.
            return new CaseOutcome(c, false, $"unexpected {e.GetType().Name}: {e.Message}");
        }
    }
}
