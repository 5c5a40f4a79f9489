namespace Kaya.Testing;

/// <summary>A program the tests or the bench rely on did not start, did not get ready, or failed; the message says which and why.</summary>
public sealed class ProgramException(string message) : Exception(message);
