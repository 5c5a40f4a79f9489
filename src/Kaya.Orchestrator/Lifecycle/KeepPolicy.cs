namespace Kaya.Orchestrator.Lifecycle;

/// <summary>
/// The keep rules of <c>restic forget</c> (0.14): <c>--keep-last/-hourly/-daily/-weekly/-monthly/-yearly N</c>
/// and <c>--keep-within DURATION</c>. A count of 0 or less means the rule is off, as in restic 0.14.
/// </summary>
public sealed record KeepPolicy
{
    public int Last { get; init; }
    public int Hourly { get; init; }
    public int Daily { get; init; }
    public int Weekly { get; init; }
    public int Monthly { get; init; }
    public int Yearly { get; init; }
    public ResticDuration Within { get; init; }

    /// <summary>restic keeps everything for an empty policy ("policy is empty").</summary>
    public bool IsEmpty => Last == 0 && Hourly == 0 && Daily == 0 && Weekly == 0 && Monthly == 0 && Yearly == 0 && Within.IsZero;

    /// <summary>The flags as restic spells them, e.g. <c>--keep-daily 7 --keep-weekly 4</c>.</summary>
    public override string ToString()
    {
        var parts = new List<string>();
        void Add(string flag, int n) { if (n != 0) parts.Add($"--keep-{flag} {n}"); }
        Add("last", Last); Add("hourly", Hourly); Add("daily", Daily); Add("weekly", Weekly); Add("monthly", Monthly); Add("yearly", Yearly);
        if (!Within.IsZero) parts.Add($"--keep-within {Within}");
        return string.Join(' ', parts);
    }
}
