namespace Kaya.Orchestrator; internal static class Placeholder { }
