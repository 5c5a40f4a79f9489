namespace Kaya.Orchestrator.Lifecycle;

/// <summary>How a scrub runs.</summary>
public sealed record ScrubOptions
{
    /// <summary>
    /// Default for kaya.conf's <c>scrub_rate</c>: 50 MiB/s, the example (<c>--rate 50M</c>), about a third of
    /// one spinning disk's sequential read, so a scrub leaves most of the disk to the night's backups.
    /// </summary>
    public const long DefaultRate = 50L * 1024 * 1024;

    /// <summary>At most this many bytes per second; null for no limit. The CLI's default comes from kaya.conf (a scrub must not starve the night's backups).</summary>
    public long? RateBytesPerSecond { get; init; }

    /// <summary>
    /// Where the cursor is kept between interruptions; default <c>backup_root/HOST/.kaya-scrub</c> (<see cref="IScrubSource.CursorFile"/>), for a bucket's repository too. Null with
    /// <see cref="PersistCursor"/> false: the caller keeps <see cref="ScrubResult.ResumeAfter"/> itself.
    /// </summary>
    public string? CursorFile { get; init; }

    /// <summary>Save the cursor to <see cref="CursorFile"/> (and resume from it); false: start from <see cref="ResumeAfter"/>.</summary>
    public bool PersistCursor { get; init; } = true;

    /// <summary>Continue after this relative path, when the caller kept the cursor (<see cref="PersistCursor"/> false).</summary>
    public string? ResumeAfter { get; init; }

    /// <summary>How often the cursor is saved while scrubbing; 10 s loses little work and writes rarely.</summary>
    public TimeSpan CursorSaveInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Bytes per read: 1 MiB, large enough for sequential disk throughput, small enough to pace smoothly.</summary>
    public int ReadSize { get; init; } = 1 << 20;

    public IScrubReader Reader { get; init; } = DiskScrubReader.Instance;

    public TimeProvider Time { get; init; } = TimeProvider.System;
}
