using Traceability.LineAgent.Devices.Transport;

namespace Traceability.LineAgent.Devices.Printers;

/// <summary>
/// A label printer. One instance owns one connection; calls are serialised, so the pipeline may call from any thread.
/// A label is never sent twice unless the job says so (<see cref="PrintJob.Reprint"/>).
/// </summary>
public interface IPrinter : IAsyncDisposable
{
    /// <summary>Where the printer is, for logs and errors ("tcp://10.1.2.3:9100").</summary>
    string Description { get; }

    /// <summary>The connection's state.</summary>
    DeviceConnectionState State { get; }

    /// <summary>Asks the printer for its status (~HS), connecting first if needed.</summary>
    /// <exception cref="DeviceConnectionException">The printer cannot be reached or did not answer in time.</exception>
    /// <exception cref="FormatException">The printer answered something that is not a host status.</exception>
    Task<PrinterStatus> QueryStatusAsync(CancellationToken cancellationToken);

    /// <summary>Sends one job's ZPL to the printer.</summary>
    /// <exception cref="DuplicatePrintException">The job id was sent before (or may have been) and <see cref="PrintJob.Reprint"/> is false; nothing was sent.</exception>
    /// <exception cref="PrinterNotReadyException">Status checking is on and the printer reported a fault; nothing was sent.</exception>
    /// <exception cref="DeviceConnectionException">The printer cannot be reached; nothing was sent.</exception>
    /// <exception cref="PrintOutcomeUnknownException">The send failed part-way: the label may or may not have printed.</exception>
    Task PrintAsync(PrintJob job, CancellationToken cancellationToken);
}
