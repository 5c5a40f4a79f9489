using System.Text;

namespace Kaya.Orchestrator.Config;

/// <summary>
/// Splits a value into words as a POSIX shell would, without running one: single quotes keep everything,
/// double quotes keep everything but <c>\"</c> <c>\\</c> <c>\$</c> <c>\`</c>, an unquoted backslash keeps the next
/// character, and an unquoted <c>#</c> at the start of a word begins a comment. Nothing is expanded: an unquoted
/// <c>$ ` ; &amp; | &lt; &gt; ( )</c> or a <c>$</c> or <c>`</c> inside double quotes is an error, since a shell would
/// give it a meaning kaya does not. Globs (<c>*</c>, <c>?</c>) reach restic as written.
/// </summary>
public static class ShellWords
{
    private const string Operators = "$`;&|<>()";

    /// <summary>The words; throws <see cref="ConfigException"/> naming <paramref name="where"/> on an unclosed quote or an operator.</summary>
    public static IReadOnlyList<string> Split(string text, string key, string where)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        var inWord = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                if (inWord) { words.Add(word.ToString()); word.Clear(); inWord = false; }
                continue;
            }
            if (c == '#' && !inWord) break;
            inWord = true;
            switch (c)
            {
                case '\'':
                    var close = text.IndexOf('\'', i + 1);
                    if (close < 0) throw new ConfigException($"{where}: {key}: missing closing '");
                    word.Append(text, i + 1, close - i - 1);
                    i = close;
                    break;
                case '"':
                    for (i++; ; i++)
                    {
                        if (i >= text.Length) throw new ConfigException($"{where}: {key}: missing closing \"");
                        if (text[i] == '"') break;
                        if (text[i] is '$' or '`') throw Operator(text[i], key, where);
                        if (text[i] == '\\' && i + 1 < text.Length && text[i + 1] is '"' or '\\' or '$' or '`') i++;
                        word.Append(text[i]);
                    }
                    break;
                case '\\':
                    if (i + 1 >= text.Length) throw new ConfigException($"{where}: {key}: a backslash at the end of the line");
                    word.Append(text[++i]);
                    break;
                default:
                    if (Operators.Contains(c)) throw Operator(c, key, where);
                    word.Append(c);
                    break;
            }
        }
        if (inWord) words.Add(word.ToString());
        return words;
    }

    private static ConfigException Operator(char c, string key, string where) =>
        new($"{where}: {key}: '{c}' would mean something to a shell, and kaya runs none: quote it ('{c}') or escape it (\\{c})");
}
