using Traceability.Core.Gs1;

namespace Traceability.LineAgent.Storage;

/// <summary>
/// An AllocateSerials call the line is making or made: recorded durably before the call, so that a retry after a
/// crash or a lost answer sends the same request id and central hands out the same block instead of a second one.
/// </summary>
/// <param name="Gtin">The product the serials are for.</param>
/// <param name="RequestId">The id sent as <c>request_id</c>.</param>
/// <param name="Count">Serials asked for.</param>
public sealed record SerialRequest(Gtin Gtin, string RequestId, int Count);
