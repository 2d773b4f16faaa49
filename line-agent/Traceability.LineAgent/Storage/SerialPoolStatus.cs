using Traceability.Core.Gs1;

namespace Traceability.LineAgent.Storage;

/// <summary>The line's serial pool for one GTIN: received = taken + remaining, at every moment.</summary>
/// <param name="Gtin">The product.</param>
/// <param name="Blocks">Blocks received from central.</param>
/// <param name="Received">Serials in those blocks.</param>
/// <param name="Taken">Serials handed to units.</param>
public sealed record SerialPoolStatus(Gtin Gtin, int Blocks, long Received, long Taken)
{
    /// <summary>Serials still to hand out.</summary>
    public long Remaining => Received - Taken;
}
