using Kaya.Orchestrator.Lifecycle;

namespace Kaya.Orchestrator.Config;

/// <summary>
/// The keep_* keys (restic's keep rules, applied to arrival times), read alike in kaya.conf and in a hosts.d file:
/// keep_last, keep_hourly, keep_daily, keep_weekly, keep_monthly, keep_yearly (counts) and keep_within (restic's duration).
/// </summary>
public static class KeepKeys
{
    /// <summary>The keys, for "known:" lists in errors.</summary>
    public const string Names = "keep_last, keep_hourly, keep_daily, keep_weekly, keep_monthly, keep_yearly, keep_within";

    /// <summary>
    /// <paramref name="policy"/> with <paramref name="line"/>'s rule laid over it (a new policy when null), or
    /// <paramref name="policy"/> unchanged and false when the line is not a keep_* key.
    /// </summary>
    /// <exception cref="ConfigException">the value is not a count or a restic duration; names file:line</exception>
    public static bool TryApply(ref KeepPolicy? policy, ConfigLine line)
    {
        var (key, where) = (line.Key, line.Where);
        var current = policy ?? new KeepPolicy();
        KeepPolicy? next = key switch
        {
            "keep_last" => current with { Last = Count(line.Value, key, where) },
            "keep_hourly" => current with { Hourly = Count(line.Value, key, where) },
            "keep_daily" => current with { Daily = Count(line.Value, key, where) },
            "keep_weekly" => current with { Weekly = Count(line.Value, key, where) },
            "keep_monthly" => current with { Monthly = Count(line.Value, key, where) },
            "keep_yearly" => current with { Yearly = Count(line.Value, key, where) },
            "keep_within" => current with { Within = Within(line.Value, key, where) },
            _ => null,
        };
        if (next is null) return false;
        policy = next;
        return true;
    }

    // As restic: a count of N snapshots; 0 turns the rule off. 100000 is far past any real history.
    private static int Count(string value, string key, string where) => ConfigValues.Integer(value, key, where, 0, 100_000);

    private static ResticDuration Within(string value, string key, string where)
    {
        try { return ResticDuration.Parse(value); }
        catch (FormatException e) { throw new ConfigException($"{where}: {key}={value}: {e.Message} (restic's form, e.g. 2y5m7d3h)"); }
    }
}
