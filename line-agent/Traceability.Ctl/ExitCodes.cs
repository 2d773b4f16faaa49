namespace Traceability.Ctl;

/// <summary>tracectl's exit codes, for scripts on the line PCs.</summary>
public static class ExitCodes
{
    /// <summary>The command did what it was asked.</summary>
    public const int Success = 0;

    /// <summary>System.CommandLine's code for a malformed command line (unknown verb, missing argument or option).</summary>
    public const int Usage = 1;

    /// <summary>The command line was well formed but its input is not (a GS1 code that does not parse, a bad domain…).</summary>
    public const int InvalidInput = 2;

    /// <summary>
    /// A device answered but cannot do the job: a printer reporting a fault (ribbon out, head open…). <c>printer status</c>
    /// still prints the status; <c>printer print</c> sends nothing.
    /// </summary>
    public const int DeviceNotReady = 3;

    /// <summary><c>reader listen</c> was given <c>--count N</c> and <c>--timeout-s</c> ran out before N events.</summary>
    public const int TimedOut = 4;

    /// <summary>The line agent could not be reached (<c>--agent</c>, <c>TRACECTL_AGENT</c>): nothing was done.</summary>
    public const int AgentUnreachable = 5;

    /// <summary>
    /// The line agent answered with a problem other than bad input: unknown work order or unit (404), engineer PIN
    /// missing or wrong (403), a refused move such as a close that does not reconcile (409). The message is printed.
    /// </summary>
    public const int AgentRefused = 6;
}
