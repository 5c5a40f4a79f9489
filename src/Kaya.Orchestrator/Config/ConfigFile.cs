namespace Kaya.Orchestrator.Config;

/// <summary>One <c>key=value</c> line: the key, the text after <c>=</c> as written, and where it stands (file:line).</summary>
public sealed record ConfigLine(string Key, string Raw, string Where)
{
    /// <summary>
    /// The value, sh-like: a quoted value runs to its closing quote; an unquoted one to a <c>#</c> that starts a word,
    /// and may not contain spaces. Throws <see cref="ConfigException"/> naming the line.
    /// </summary>
    public string Value
    {
        get
        {
            var s = Raw.TrimStart();
            if (s.Length > 0 && (s[0] == '"' || s[0] == '\''))
            {
                var close = s.IndexOf(s[0], 1);
                if (close < 0) throw new ConfigException($"{Where}: missing closing {s[0]}");
                var rest = s[(close + 1)..].Trim();
                if (rest.Length > 0 && rest[0] != '#') throw new ConfigException($"{Where}: unexpected \"{rest}\" after the quoted value");
                return s[1..close];
            }
            var end = s.Length;
            for (var i = 0; i < s.Length; i++)
            {
                if (s[i] == '#' && (i == 0 || char.IsWhiteSpace(s[i - 1]))) { end = i; break; }
            }
            var value = s[..end].Trim();
            if (value.Any(char.IsWhiteSpace)) throw new ConfigException($"{Where}: value \"{value}\" contains spaces; put it in quotes");
            return value;
        }
    }
}

/// <summary>
/// The file format of kaya.conf and of each hosts.d file: <c>key=value</c> lines, <c>#</c> comments (whole lines,
/// or after a value as in sh), values optionally in single or double quotes. The original Bash kaya.conf reads unchanged.
/// </summary>
public static class ConfigFile
{
    /// <summary>The text of a config file; throws <see cref="ConfigException"/> naming the path when it cannot be read.</summary>
    public static string Read(string path)
    {
        try { return File.ReadAllText(path); }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ConfigException($"{path}: no such config file; give one with -c (see kaya.conf.example)");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException($"{path}: cannot read the config file: {e.Message}");
        }
    }

    /// <summary>
    /// The <c>key=value</c> lines of <paramref name="text"/>, skipping blanks and comments; a line without <c>=</c> is an
    /// error, thrown, or with <paramref name="errors"/> added to it and skipped (<c>kaya check-config</c> reports them all).
    /// </summary>
    public static IEnumerable<ConfigLine> Lines(string text, string path, ICollection<string>? errors = null)
    {
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var where = $"{path}:{i + 1}";
            var line = lines[i].TrimEnd('\r').Trim();
            if (line.Length == 0 || line[0] == '#') continue;
            var eq = line.IndexOf('=');
            if (eq <= 0)
            {
                var message = $"{where}: expected key=value, got \"{line}\"";
                if (errors is null) throw new ConfigException(message);
                errors.Add(message);
                continue;
            }
            yield return new ConfigLine(line[..eq].Trim(), line[(eq + 1)..], where);
        }
    }

    /// <summary>"unknown key" with the known keys and, when one is near, the one meant.</summary>
    public static ConfigException UnknownKey(string key, string where, string knownKeys) =>
        // One near key says more than the forty: the whole list only when none is near.
        DidYouMean.Closest(key, knownKeys.Split(", ")) is { } near
            ? new($"{where}: unknown key \"{key}\" (did you mean '{near}'?)")
            : new($"{where}: unknown key \"{key}\" (known: {knownKeys})");

    /// <summary>A path that must be absolute; <c>~/</c> is the home folder.</summary>
    public static string AbsolutePath(string value, string key, string where)
    {
        if (value.Length == 0) throw new ConfigException($"{where}: {key} is empty");
        if (value == "~" || value.StartsWith("~/", StringComparison.Ordinal)) value = KayaConfig.Home + value[1..];
        if (!Path.IsPathFullyQualified(value)) throw new ConfigException($"{where}: {key}={value}: expected an absolute path");
        return value;
    }

    /// <summary>A TCP port; 0 only where <paramref name="allowZero"/>.</summary>
    public static int Port(string value, string key, string where, bool allowZero) =>
        int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port) && port <= 65535 && (allowZero || port > 0)
            ? port
            : throw new ConfigException($"{where}: {key}={value}: expected a port number {(allowZero ? 0 : 1)}-65535");

    /// <summary><c>openssh</c> or <c>sshnet</c>.</summary>
    public static SshTransportKind Transport(string value, string where) => value switch
    {
        "openssh" => SshTransportKind.OpenSsh,
        "sshnet" => SshTransportKind.SshNet,
        _ => throw new ConfigException($"{where}: ssh_transport={value}: expected openssh or sshnet"),
    };
}
