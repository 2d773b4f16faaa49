using LiteDB;

namespace Traceability.LineAgent.Storage;

/// <summary>
/// Serial documents as the last committed group left them, kept by the committer thread across groups: a unit is
/// taken, printed, verified and packed in different groups, and reading its document from LiteDB each time cost
/// most of a change's time (about 30 KB allocated per lookup).
/// </summary>
/// <remarks>
/// Only the committer thread touches it. A transaction changes the cached documents in place, so a rolled-back
/// transaction empties the cache (what it changed is no longer what is committed); a committed one adds what it
/// read or wrote. Bounded: past <see cref="Capacity"/> documents it starts again empty.
/// It also maps pool positions to serial ids for the serials read ahead from a block (a position never changes its
/// serial), so taking the next serial of a block is a dictionary look-up instead of an index query per unit.
/// </remarks>
internal sealed class SerialDocumentCache
{
    /// <summary>About the units in flight on a fast line many times over (a document is a few hundred bytes).</summary>
    public const int Capacity = 16_384;

    private readonly Dictionary<string, BsonDocument> _documents = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _idByPosition = new(StringComparer.Ordinal);

    public bool TryGet(string id, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out BsonDocument? document) =>
        _documents.TryGetValue(id, out document);

    /// <summary>The serial id at a pool position (block position key) read ahead by a committed transaction.</summary>
    public bool TryGetIdAt(string position, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? id) =>
        _idByPosition.TryGetValue(position, out id);

    /// <summary>The transaction that read or wrote <paramref name="documents"/>, and read ahead <paramref name="positions"/>, is committed.</summary>
    public void Committed(IEnumerable<KeyValuePair<string, BsonDocument>> documents, IEnumerable<KeyValuePair<string, string>> positions)
    {
        foreach (var (position, id) in positions)
        {
            if (_idByPosition.Count >= Capacity && !_idByPosition.ContainsKey(position))
            {
                _idByPosition.Clear();
            }

            _idByPosition[position] = id;
        }

        foreach (var (id, document) in documents)
        {
            if (_documents.Count >= Capacity && !_documents.ContainsKey(id))
            {
                _documents.Clear();
            }

            _documents[id] = document;
        }
    }

    /// <summary>The transaction was rolled back: documents it changed in place are not what is committed.</summary>
    public void Clear()
    {
        _documents.Clear();
        _idByPosition.Clear();
    }
}
