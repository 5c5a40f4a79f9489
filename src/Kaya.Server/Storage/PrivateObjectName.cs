namespace Kaya.Server.Storage;

/// <summary>
/// The names <see cref="IRepositoryStore.WritePrivateAsync"/> accepts: relative paths of '/'-separated segments
/// made of letters, digits, '.', '-' and '_', the first starting with '.' (a dot-name the protocol refuses, PATH-9),
/// none "." or "..".
/// </summary>
public static class PrivateObjectName
{
    public static bool IsValid(string name)
    {
        var segments = name.Split('/');
        if (segments[0].Length < 2 || segments[0][0] != '.') return false;
        foreach (var segment in segments)
        {
            if (segment.Length == 0 || segment is "." or "..") return false;
            foreach (var c in segment)
                if (!char.IsAsciiLetterOrDigit(c) && c is not ('.' or '-' or '_')) return false;
        }
        return true;
    }

    /// <exception cref="ArgumentException">not a private name</exception>
    public static void Check(string name)
    {
        if (!IsValid(name)) throw new ArgumentException($"\"{name}\" is not a private object name: a relative path whose first segment starts with '.'", nameof(name));
    }
}
