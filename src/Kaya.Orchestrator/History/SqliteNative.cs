using System.Reflection;
using System.Runtime.InteropServices;
using SQLitePCL;

namespace Kaya.Orchestrator.History;

/// <summary>
/// Binds Microsoft.Data.Sqlite to the system's SQLite (Debian's libsqlite3-0) through SQLitePCLRaw's sqlite3
/// provider, so the one-file Native AOT binary needs no library beside it. The provider imports "sqlite3", which
/// the loader would look for as libsqlite3.so, a file only the -dev package installs; the runtime package has
/// libsqlite3.so.0, so the import is resolved to that first.
/// </summary>
internal static class SqliteNative
{
    private static readonly Lock Gate = new();
    private static bool _loaded;

    public static void EnsureLoaded()
    {
        lock (Gate)
        {
            if (_loaded) return;
            NativeLibrary.SetDllImportResolver(typeof(SQLite3Provider_sqlite3).Assembly, Resolve);
            raw.SetProvider(new SQLite3Provider_sqlite3());
            _loaded = true;
        }
    }

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (name != "sqlite3") return IntPtr.Zero;
        foreach (var candidate in (string[])["libsqlite3.so.0", "libsqlite3.so"])
        {
            if (NativeLibrary.TryLoad(candidate, out var handle)) return handle;
        }
        throw new DllNotFoundException("kaya needs the system SQLite library (libsqlite3.so.0) for its run history: apt-get install libsqlite3-0");
    }
}
