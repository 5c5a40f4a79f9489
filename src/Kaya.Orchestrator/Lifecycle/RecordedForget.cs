using Kaya.Orchestrator.History;
using Kaya.Orchestrator.Runs;

namespace Kaya.Orchestrator.Lifecycle;

/// <summary>
/// A forget as the CLI and the daemon make it: <see cref="ArrivalForget"/>, then one row in the history's forgets
/// (issue 10: each forget/prune is recorded). A dry run changes nothing and records nothing.
/// </summary>
public static class RecordedForget
{
    /// <summary>The forget itself; a seam for tests of what calls it.</summary>
    public delegate Task<ForgetResult> Forget(ForgetRequest request, IBackupOutput output, CancellationToken cancellationToken);

    /// <summary>Runs <paramref name="request"/> and records it; returns the forget's result.</summary>
    /// <param name="forget">the forget to run; default <see cref="ArrivalForget.RunAsync"/></param>
    /// <exception cref="HistoryException">the forget ran (its result is lost to the caller) but could not be recorded</exception>
    /// <exception cref="IOException">the ledger or the repository could not be read or written (recorded as failed first)</exception>
    /// <exception cref="OperationCanceledException">interrupted (recorded as interrupted first)</exception>
    public static async Task<ForgetResult> RunAsync(ForgetRequest request, HistoryStore history, RunTrigger trigger, IBackupOutput output,
        CancellationToken cancellationToken, Forget? forget = null)
    {
        forget ??= ArrivalForget.RunAsync;
        // The legacy arrivals a forget writes into the ledger file go into the history's table as well.
        request = request with { History = request.History ?? history };
        if (request.DryRun) return await forget(request, output, cancellationToken).ConfigureAwait(false);
        var started = request.Time.GetUtcNow();
        ForgetResult result;
        try
        {
            result = await forget(request, output, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await RecordAsync(null, ForgetOutcome.Interrupted, $"{request.Host}: interrupted: kaya was stopped before the forget ended").ConfigureAwait(false);
            throw;
        }
        catch (IOException e)
        {
            await RecordAsync(null, ForgetOutcome.Failed, $"{request.Host}: {e.Message}").ConfigureAwait(false);
            throw;
        }
        var outcome = result.ExitCode == ExitCodes.Success ? ForgetOutcome.Succeeded
            : cancellationToken.IsCancellationRequested ? ForgetOutcome.Interrupted
            : ForgetOutcome.Failed;
        await RecordAsync(result, outcome, outcome == ForgetOutcome.Succeeded ? null : result.Failure ?? $"{request.Host}: exit code {result.ExitCode}").ConfigureAwait(false);
        return result;

        Task RecordAsync(ForgetResult? ended, ForgetOutcome how, string? reason)
        {
            // A refused plan removed nothing: its counts would only mislead.
            var plan = ended?.Plan is { Refusal: null } p ? p : null;
            return history.RecordForgetAsync(new ForgetRecord(request.Host, started, request.Time.GetUtcNow(), trigger,
                plan?.Decisions.Count(d => d.Keep), plan?.IdsToRemove.Count, request.Prune && how == ForgetOutcome.Succeeded, how, reason), CancellationToken.None);
        }
    }
}
