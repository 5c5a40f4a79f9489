using System.Text;

namespace Kaya.Web;

/// <summary><c>kaya status --html FILE</c>: the fleet page as a file, for cron users who run no daemon.</summary>
public static class StaticPage
{
    /// <summary>
    /// Replaces <paramref name="path"/> with the page atomically (a temporary file beside it, synced, renamed over
    /// it), so a web server publishing it never serves half a page. Mode 0644: the page is meant to be shown.
    /// </summary>
    /// <exception cref="IOException">the file cannot be written; the message names it</exception>
    public static async Task WriteAsync(string path, FleetSnapshot snapshot, CancellationToken cancellationToken = default)
    {
        var full = Path.GetFullPath(path);
        var temporary = Path.Combine(Path.GetDirectoryName(full)!, "." + Path.GetFileName(full) + ".tmp-" + Environment.ProcessId);
        try
        {
            await using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 4096, FileOptions.Asynchronous))
            {
                await file.WriteAsync(Encoding.UTF8.GetBytes(FleetPage.RenderStatic(snapshot)), cancellationToken);
                file.Flush(flushToDisk: true);
            }
            File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
            File.Move(temporary, full, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            try { File.Delete(temporary); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            throw new IOException($"{full}: cannot write the status page: {e.Message}", e);
        }
    }
}
