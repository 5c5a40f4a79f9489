namespace Kaya.Bench.Sys;

/// <summary>A measurement that could not be taken; the message says what and why.</summary>
public sealed class BenchException(string message) : Exception(message);
