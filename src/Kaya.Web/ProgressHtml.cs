using System.Globalization;
using Kaya.Orchestrator.Runs;

namespace Kaya.Web;

/// <summary>A run in progress as the pages show it: percent, bytes and files done of the total, ETA (restic's estimate).</summary>
internal static class ProgressHtml
{
    /// <summary>
    /// E.g. <c> · 42.0% · 1.2 GiB of 3.0 GiB · 1200 of 5000 files · ETA 3 min</c>; empty when this process has no status
    /// for the run (not started by it, or restic has not reported yet). Only numbers: nothing from the target is written.
    /// </summary>
    public static string Render(RunProgress? progress)
    {
        if (progress?.Status is not { } s) return "";
        var percent = (s.Fraction * 100).ToString("0.0", CultureInfo.InvariantCulture);
        var text = $" · <span class=\"progress\" data-percent=\"{percent}\"><b>{percent}%</b> · {PageFormat.Bytes(s.BytesDone)} of {PageFormat.Bytes(s.BytesTotal)}" +
            string.Create(CultureInfo.InvariantCulture, $" · {s.FilesDone} of {s.FilesTotal} files");
        if (s.SecondsRemaining is { } eta) text += " · ETA " + PageFormat.Span(TimeSpan.FromSeconds(eta));
        return text + "</span>";
    }
}
