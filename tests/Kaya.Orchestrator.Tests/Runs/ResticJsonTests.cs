using Kaya.Orchestrator.Runs;

namespace Kaya.Orchestrator.Tests.Runs;

/// <summary>restic 0.14's <c>--json</c> messages, as real restic 0.14.0 printed them.</summary>
public sealed class ResticJsonTests
{
    [Fact]
    public void The_summary_message_fills_every_count_and_the_snapshot_id()
    {
        var summary = new ResticSummary();

        var kind = summary.Observe("""{"message_type":"summary","files_new":51,"files_changed":2,"files_unmodified":7,"dirs_new":2,"dirs_changed":0,"dirs_unmodified":0,"data_blobs":51,"tree_blobs":3,"data_added":1018303,"total_files_processed":60,"total_bytes_processed":1000002,"total_duration":0.272272911,"snapshot_id":"7835c0fd"}""");

        Assert.Equal(ResticLine.Summary, kind);
        Assert.Equal((51L, 2L, 7L), (summary.FilesNew!.Value, summary.FilesChanged!.Value, summary.FilesUnmodified!.Value));
        Assert.Equal(1000002, summary.BytesProcessed);
        Assert.Equal(1018303, summary.AddedBytes);
        Assert.Equal("7835c0fd", summary.SnapshotId);
        Assert.Equal("snapshot 7835c0fd saved", summary.SummaryLines().Last());
    }

    [Fact]
    public void A_status_message_becomes_the_progress_line()
    {
        var summary = new ResticSummary();

        var kind = summary.Observe("""{"message_type":"status","seconds_elapsed":3,"seconds_remaining":192,"percent_done":0.42,"total_files":5000,"files_done":1200,"total_bytes":3221225472,"bytes_done":1352914698,"current_files":["/a"]}""");

        Assert.Equal(ResticLine.Status, kind);
        Assert.Equal("42.0% 1.3 GiB / 3.0 GiB, 1200/5000 files, ETA 0:03:12", summary.Progress!.ToLine());
    }

    [Fact]
    public void An_error_message_is_its_item_and_text_and_plain_lines_stay_text()
    {
        var summary = new ResticSummary();

        Assert.Equal(ResticLine.Error, summary.Observe("""{"message_type":"error","error":{"message":"permission denied"},"during":"archival","item":"/etc/shadow"}"""));
        Assert.Equal("/etc/shadow: permission denied", summary.LastError);
        Assert.Equal(ResticLine.Text, summary.Observe("created restic repository 1234 at rest:http://..."));
    }
}
