using LiteDB;
using Traceability.Core.Gs1;
using Traceability.Core.Serials;

namespace Traceability.LineAgent.Storage;

public sealed partial class LineStoreTransaction
{
    /// <summary>
    /// The open serial request for <paramref name="gtin"/>, or a new one of <paramref name="count"/> serials with a fresh
    /// request id when there is none. Commit this before calling central: the request id must outlive a crash.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is below 1.</exception>
    public SerialRequest OpenSerialRequest(Gtin gtin, int count) => Step(() =>
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        if (FindSerialRequest(gtin) is { } open)
        {
            return open;
        }

        var request = new SerialRequest(gtin, Guid.CreateVersion7(Now()).ToString(), count);
        _collections.Meta.Insert(new BsonDocument
        {
            ["_id"] = SerialRequestId(gtin),
            ["rid"] = request.RequestId,
            ["n"] = request.Count,
        });
        return request;
    });

    /// <summary>The open serial request for <paramref name="gtin"/>; null when none is open.</summary>
    public SerialRequest? FindSerialRequest(Gtin gtin) => Step(() =>
    {
        var doc = _collections.Meta.FindById(SerialRequestId(gtin));
        return doc is null ? null : new SerialRequest(gtin, doc["rid"].AsString, doc["n"].AsInt32);
    });

    /// <summary>
    /// Puts the block central answered <paramref name="request"/> with into the pool and closes the request, in one
    /// transaction. The block may already be here (a retry whose first answer was stored): it is then not added twice.
    /// </summary>
    /// <returns>Serials added to the pool.</returns>
    /// <exception cref="InvalidOperationException">The request is not the open one for its GTIN, or the block is refused (see <see cref="ReceiveSerialBlock"/>).</exception>
    public int CompleteSerialRequest(SerialRequest request, SerialBlock block) => Step(() =>
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(block);
        if (block.Gtin != request.Gtin)
        {
            throw new InvalidOperationException(
                $"Serial request {request.RequestId} asked for GTIN {request.Gtin}; central answered with a block for GTIN {block.Gtin}.");
        }

        var open = FindSerialRequest(request.Gtin);
        if (open?.RequestId != request.RequestId)
        {
            throw new InvalidOperationException(
                $"Serial request {request.RequestId} for GTIN {request.Gtin} is not open (open: {open?.RequestId ?? "none"}).");
        }

        var added = ReceiveSerialBlock(block);
        _collections.Meta.Delete(SerialRequestId(request.Gtin));
        return added;
    });

    private static string SerialRequestId(Gtin gtin) => "serial-request:" + gtin.Value;
}
