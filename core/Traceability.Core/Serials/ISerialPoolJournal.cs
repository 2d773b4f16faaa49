using Traceability.Core.Gs1;

namespace Traceability.Core.Serials;

/// <summary>
/// Where a <see cref="SerialPool"/> keeps its progress through a block so that no serial is handed out twice,
/// also across restarts. The line agent implements it over its store; core only calls it.
/// </summary>
public interface ISerialPoolJournal
{
    /// <summary>The last checkpoint written for the block, or null when none was.</summary>
    SerialPoolCheckpoint? Read(Gtin gtin, string blockId);

    /// <summary>
    /// Records <paramref name="checkpoint"/> for the block. It must be durable (on disk) when this returns:
    /// the pool hands out serials below the checkpoint's high-water mark only after the call returned.
    /// </summary>
    void Write(Gtin gtin, string blockId, SerialPoolCheckpoint checkpoint);
}

/// <summary>
/// A pool's durable progress through its block, by index into <see cref="SerialBlock.Serials"/>.
/// Serials <c>[0, HandedOut + Skipped)</c> are used; <c>[HandedOut + Skipped, HighWaterMark)</c> are reserved and
/// may have been handed out before a crash, so a restarted pool never hands them out and counts them as skipped.
/// </summary>
/// <param name="HighWaterMark">No serial at or above this index has been handed out.</param>
/// <param name="HandedOut">Serials known to have been handed out.</param>
/// <param name="Skipped">Serials given up after restarts, never to be handed out.</param>
public readonly record struct SerialPoolCheckpoint(int HighWaterMark, int HandedOut, int Skipped);
