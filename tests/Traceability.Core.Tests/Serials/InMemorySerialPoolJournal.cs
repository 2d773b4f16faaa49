using Traceability.Core.Gs1;
using Traceability.Core.Serials;

namespace Traceability.Core.Tests.Serials;

/// <summary>
/// A journal that lives as long as the test: it stands in for the line store, so a test can drop a pool
/// (a crash) and open a new one over the same journal (the restart).
/// </summary>
internal sealed class InMemorySerialPoolJournal : ISerialPoolJournal
{
    private readonly Dictionary<(Gtin Gtin, string BlockId), SerialPoolCheckpoint> _checkpoints = [];

    public int Writes { get; private set; }

    /// <summary>Set to make the next write fail, as a full disk would.</summary>
    public bool FailNextWrite { get; set; }

    public SerialPoolCheckpoint? Read(Gtin gtin, string blockId) =>
        _checkpoints.TryGetValue((gtin, blockId), out var checkpoint) ? checkpoint : null;

    public void Write(Gtin gtin, string blockId, SerialPoolCheckpoint checkpoint)
    {
        if (FailNextWrite)
        {
            FailNextWrite = false;
            throw new IOException("Simulated journal write failure.");
        }

        _checkpoints[(gtin, blockId)] = checkpoint;
        Writes++;
    }

    public SerialPoolCheckpoint Last(Gtin gtin, string blockId) => _checkpoints[(gtin, blockId)];
}
