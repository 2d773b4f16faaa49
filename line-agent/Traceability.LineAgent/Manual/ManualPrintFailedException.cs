namespace Traceability.LineAgent.Manual;

/// <summary>
/// A reprint or reissue was recorded (durably, before printing, as the line records every label before it prints
/// it) but the printer did not print it: the outcome says what was recorded, the inner exception why.
/// </summary>
public sealed class ManualPrintFailedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ManualPrintFailedException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public ManualPrintFailedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public ManualPrintFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for a recorded outcome whose label was not printed.</summary>
    public ManualPrintFailedException(ReprintOutcome outcome, Exception innerException)
        : base(
            $"{(outcome ?? throw new ArgumentNullException(nameof(outcome))).Kind} {outcome.Printed.Key} is recorded, but the label was not printed: {innerException?.Message} Print it again once the printer is ready.",
            innerException)
    {
        Outcome = outcome;
    }

    /// <summary>What was recorded; null when not known.</summary>
    public ReprintOutcome? Outcome { get; }
}
