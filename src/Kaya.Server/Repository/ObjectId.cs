namespace Kaya.Server.Repository;

/// <summary>
/// A restic object name: the lower-case hex SHA-256 of the object's content, 64 characters (PATH-5).
/// </summary>
public readonly record struct ObjectId(string Value)
{
    public const int Length = 64;

    public static bool IsValid(ReadOnlySpan<char> name)
    {
        if (name.Length != Length) return false;
        foreach (var c in name)
        {
            if (!char.IsAsciiDigit(c) && c is < 'a' or > 'f') return false;
        }
        return true;
    }

    public override string ToString() => Value;
}
