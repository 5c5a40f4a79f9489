namespace Kaya.Conformance; internal static class Placeholder { }
