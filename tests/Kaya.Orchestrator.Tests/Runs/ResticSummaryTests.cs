using Kaya.Orchestrator.Runs;

namespace Kaya.Orchestrator.Tests.Runs;

public sealed class ResticSummaryTests
{
    [Fact]
    public void The_snapshot_id_and_bytes_added_are_read_from_restics_summary()
    {
        var summary = new ResticSummary();
        foreach (var line in new[]
        {
            "Files:           3 new,     0 changed,     0 unmodified",
            "Added to the repo: 1.500 MiB",
            "processed 3 files, 1.499 MiB in 0:01",
            "snapshot 1a2b3c4d saved",
        }) summary.Observe(line);

        Assert.Equal("1a2b3c4d", summary.SnapshotId);
        Assert.Equal("1.500 MiB", summary.AddedText);
        Assert.Equal(1572864, summary.AddedBytes);
    }

    [Theory]
    [InlineData("Added to the repo: 0 B", 0L)]
    [InlineData("Added to the repo: 512 B", 512L)]
    [InlineData("Added to the repository: 2.000 KiB (1.100 KiB stored)", 2048L)]
    [InlineData("Added to the repo: 1.000 GiB", 1073741824L)]
    public void Sizes_in_every_unit_become_bytes(string line, long bytes)
    {
        var summary = new ResticSummary();
        summary.Observe(line);

        Assert.Equal(bytes, summary.AddedBytes);
    }

    [Fact]
    public void Lines_that_only_resemble_the_summary_are_ignored()
    {
        var summary = new ResticSummary();
        summary.Observe("/srv/snapshot 1a2b3c4d saved.txt");
        summary.Observe("  Added to the repo: 1 MiB");

        Assert.Null(summary.SnapshotId);
        Assert.Null(summary.AddedBytes);
    }
}
