namespace Traceability.LineAgent.Devices.Printers;

/// <summary>A job id that was sent before (or may have been) was sent again without <see cref="PrintJob.Reprint"/>; nothing was sent.</summary>
public sealed class DuplicatePrintException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    public DuplicatePrintException(string message, string jobId)
        : base(message) => JobId = jobId;

    /// <summary>Creates the exception.</summary>
    public DuplicatePrintException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public DuplicatePrintException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public DuplicatePrintException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The refused job id.</summary>
    public string JobId { get; } = string.Empty;
}

/// <summary>The printer reported a fault (ribbon out, head open…) before the job was sent; nothing was sent.</summary>
public sealed class PrinterNotReadyException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    public PrinterNotReadyException(string message, PrinterStatus status)
        : base(message) => Status = status;

    /// <summary>Creates the exception.</summary>
    public PrinterNotReadyException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public PrinterNotReadyException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public PrinterNotReadyException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The status that refused the job.</summary>
    public PrinterStatus? Status { get; }
}

/// <summary>
/// The send failed part-way: the printer may have received and printed the label, or not. The driver does not retry,
/// because a second copy of a serialised label is worse than a missing one; the pipeline decides (verify, then reprint
/// with <see cref="PrintJob.Reprint"/> or reject the unit).
/// </summary>
public sealed class PrintOutcomeUnknownException : IOException
{
    /// <summary>Creates the exception.</summary>
    public PrintOutcomeUnknownException(string message, string jobId, Exception innerException)
        : base(message, innerException) => JobId = jobId;

    /// <summary>Creates the exception.</summary>
    public PrintOutcomeUnknownException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public PrintOutcomeUnknownException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public PrintOutcomeUnknownException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The job whose outcome is unknown.</summary>
    public string JobId { get; } = string.Empty;
}
