using Traceability.Core.Gs1;

namespace Traceability.LineAgent.Storage;

/// <summary>The line has no serial left for a GTIN: allocate a block from central.</summary>
public sealed class SerialPoolExhaustedException : InvalidOperationException
{
    public SerialPoolExhaustedException()
    {
    }

    public SerialPoolExhaustedException(string message)
        : base(message)
    {
    }

    public SerialPoolExhaustedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public SerialPoolExhaustedException(Gtin gtin, long received)
        : base($"No serial left for GTIN {gtin}: all {received:N0} serials received are taken. Allocate a block from central (AllocateSerials).")
    {
        Gtin = gtin;
    }

    /// <summary>The product that ran out, when known.</summary>
    public Gtin? Gtin { get; }
}
