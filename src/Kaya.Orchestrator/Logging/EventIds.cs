namespace Kaya.Orchestrator.Logging;

/// <summary>
/// Every log event of the orchestrator and the CLI, in one list (as YARP keeps its EventIds): an id never
/// changes meaning, so a log filter or alert may rely on it. Ranges: 1xx runs, 2xx OpenSSH transport,
/// 3xx SSH.NET transport, 4xx either transport, 9xx the command line.
/// </summary>
public static class EventIds
{
    public const int TemporariesSwept = 100;
    public const int RunStarting = 101;
    public const int RunEnded = 102;
    public const int RunFailed = 103;
    public const int RunFailedUnexpectedly = 104;
    public const int FirstRunUndone = 105;
    public const int FirstRunUndoFailed = 106;
    public const int RunLocksRemoved = 120;
    public const int RunInterrupted = 121;

    public const int OpenSshStarting = 200;
    public const int OpenSshTunnelUp = 201;
    public const int OpenSshExited = 202;
    public const int OpenSshFailed = 203;

    public const int SshNetConnected = 300;
    public const int SshNetTunnelUp = 301;
    public const int SshNetExited = 302;
    public const int SshNetHeartbeatLost = 303;
    public const int SshNetConnectionLost = 304;

    public const int RepositoryNotMeasured = 107;

    public const int RunRetrying = 400;
    public const int HookFailed = 401;
    public const int MonitoringFailed = 402;
    public const int DaemonReloaded = 403;
    public const int DaemonReloadFailed = 404;
    public const int DaemonDraining = 405;
    public const int DaemonNoStatus = 406;
    public const int DaemonRunFault = 407;
    public const int DaemonRunInterrupted = 408;
    public const int DaemonStarted = 409;
    public const int MaintenanceStarting = 410;
    public const int ScrubEnded = 411;
    public const int ForgetEnded = 412;
    public const int MaintenanceFailed = 413;
    public const int MaintenanceYielding = 414;
    public const int MaintenanceOutput = 415;
    public const int DaemonHostFileSkipped = 416;

    public const int RemoteStopRequested = 500;
    public const int RemoteStopTimedOut = 501;

    public const int CommandFailed = 900;
    public const int CommandFailedUnexpectedly = 901;
}
