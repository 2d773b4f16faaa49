using Traceability.Core.Gs1;

namespace Traceability.Core.Serials;

/// <summary>
/// A block of serials central allocated to one line for one GTIN, so the line can commission units offline.
/// The serials are handed out in the order given, by a <see cref="SerialPool"/>.
/// </summary>
public sealed class SerialBlock
{
    /// <summary>Creates a block; the serials must be distinct.</summary>
    /// <exception cref="ArgumentException">The GTIN is the default value, the block id is blank, the block is empty, or a serial repeats or is empty.</exception>
    public SerialBlock(Gtin gtin, string blockId, IReadOnlyList<Serial> serials)
    {
        if (gtin.Value is null)
        {
            throw new ArgumentException("The GTIN is the default value; parse one with Gtin.Parse.", nameof(gtin));
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(blockId);
        ArgumentNullException.ThrowIfNull(serials);
        if (serials.Count == 0)
        {
            throw new ArgumentException($"Serial block '{blockId}' for GTIN {gtin} holds no serials.", nameof(serials));
        }

        var seen = new Dictionary<string, int>(serials.Count, StringComparer.Ordinal);
        for (var i = 0; i < serials.Count; i++)
        {
            var value = serials[i].Value;
            if (value.Length == 0)
            {
                throw new ArgumentException($"Serial block '{blockId}' for GTIN {gtin}, serial #{i + 1} is empty.", nameof(serials));
            }

            if (!seen.TryAdd(value, i))
            {
                throw new ArgumentException(
                    $"Serial block '{blockId}' for GTIN {gtin}: serial #{i + 1} \"{value}\" repeats serial #{seen[value] + 1}.", nameof(serials));
            }
        }

        Gtin = gtin;
        BlockId = blockId;
        Serials = serials.ToArray();
    }

    /// <summary>The GTIN every serial of the block belongs to.</summary>
    public Gtin Gtin { get; }

    /// <summary>Central's id for the block, unique per GTIN.</summary>
    public string BlockId { get; }

    /// <summary>The serials in hand-out order.</summary>
    public IReadOnlyList<Serial> Serials { get; }

    /// <summary>The number of serials in the block.</summary>
    public int Count => Serials.Count;
}
