using System.Globalization;
using Google.Protobuf;
using Grpc.Core;
using Traceability.CentralApi.Observability;
using Traceability.CentralApi.Storage;
using Traceability.Contracts.Line.V1;
using Traceability.Core.Gs1;
using Traceability.Core.Serials;
using StoredEvent = Traceability.CentralApi.Storage.LineEvent;
using WireEvent = Traceability.Contracts.Line.V1.LineEvent;
using WireSerialBlock = Traceability.Contracts.Line.V1.SerialBlock;

namespace Traceability.CentralApi.Grpc;

/// <summary>The line ↔ central contract (traceability.line.v1.LineSync), over <see cref="ICentralStore"/>.</summary>
internal sealed class LineSyncService(ICentralStore store, TimeProvider time, CentralMetrics metrics, ILogger<LineSyncService> logger) : LineSync.LineSyncBase
{
    // 12 Crockford base32 characters: 32^12 ≈ 1.2e18 codes, so a billion live serials per GTIN keeps a guess below
    // 1 in 10,000 (SerialGenerator refuses anything weaker).
    private static readonly SerialFormat Format = new(SerialAlphabet.CrockfordBase32, 12);
    private const long PlannedVolumePerGtin = 1_000_000_000;
    private const int MaxBlockSize = 100_000;
    private const int MaxAllocationRounds = 20;

    public override async Task StreamEvents(
        IAsyncStreamReader<LineEventBatch> requestStream, IServerStreamWriter<EventAck> responseStream, ServerCallContext context)
    {
        var cancellationToken = context.CancellationToken;
        await foreach (var batch in requestStream.ReadAllAsync(cancellationToken))
        {
            if (string.IsNullOrWhiteSpace(batch.LineId))
            {
                throw new RpcException(new Status(StatusCode.InvalidArgument, "line_id: the batch names no line."));
            }

            LineAccess.Demand(context, batch.LineId);

            var ack = new EventAck();
            var accepted = new List<StoredEvent>(batch.Events.Count);
            foreach (var wire in batch.Events)
            {
                if (LineEventMapping.TryMap(wire, out var stored, out var rejection))
                {
                    accepted.Add(stored);
                }
                else
                {
                    ack.Rejected.Add(rejection);
                    LineSyncLog.EventRejected(logger, batch.LineId, wire.EventId, rejection.Field, rejection.Reason);
                }
            }

            long watermark;
            AppendResult? appended = null;
            if (accepted.Count == 0)
            {
                watermark = (await store.GetLineProgressAsync(batch.LineId, cancellationToken)).Watermark;
            }
            else
            {
                try
                {
                    appended = await store.AppendEventsAsync(batch.LineId, accepted, cancellationToken);
                    watermark = appended.Watermark;
                }
                catch (ConflictingEventException ex)
                {
                    LineSyncLog.ConflictingEvent(logger, batch.LineId, ex.EventId, ex.Message);
                    throw new RpcException(new Status(StatusCode.FailedPrecondition, $"event_id {ex.EventId}: {ex.Message}"));
                }
            }

            await metrics.RecordBatchAsync(store, batch.LineId, accepted, appended, ack.Rejected.Count, watermark, cancellationToken);
            ack.HighestContiguousSequence = watermark;
            await responseStream.WriteAsync(ack, cancellationToken);
        }
    }

    public override async Task<AllocateSerialsResponse> AllocateSerials(AllocateSerialsRequest request, ServerCallContext context)
    {
        LineAccess.Demand(context, request.LineId);
        if (string.IsNullOrWhiteSpace(request.LineId))
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "line_id: empty."));
        }

        if (!Gtin.TryParse(request.Gtin, out var gtin, out var gtinError))
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"gtin: {gtinError}"));
        }

        if (request.Count is < 1 or > MaxBlockSize)
        {
            throw new RpcException(new Status(
                StatusCode.InvalidArgument, string.Create(CultureInfo.InvariantCulture, $"count: {request.Count} is not between 1 and {MaxBlockSize}.")));
        }

        // Without a request id (an older line) every call is a new block; with one, a retry gets the first block back.
        var requestId = string.IsNullOrEmpty(request.RequestId) ? $"central:{Guid.NewGuid()}" : request.RequestId;
        if (requestId.Length > SerialRequests.MaxRequestIdLength || string.IsNullOrWhiteSpace(requestId))
        {
            throw new RpcException(new Status(
                StatusCode.InvalidArgument, $"request_id: blank or longer than {SerialRequests.MaxRequestIdLength} characters."));
        }

        // The generator only knows what it drew itself; the store is the authority on serials taken by any line,
        // so collisions it reports are redrawn.
        var generator = new SerialGenerator(gtin, Format, PlannedVolumePerGtin);
        var rounds = 0;
        IReadOnlyList<string> Draw(int needed)
        {
            if (rounds++ == MaxAllocationRounds)
            {
                throw new RpcException(new Status(
                    StatusCode.Unavailable, $"gtin {gtin}: could not find {request.Count} free serials in {MaxAllocationRounds} rounds."));
            }

            var candidates = new string[needed];
            for (var i = 0; i < needed; i++)
            {
                candidates[i] = generator.Next().Value;
            }

            return candidates;
        }

        SerialBlockRecord stored;
        try
        {
            stored = await store.AllocateSerialRequestAsync(
                new SerialBlockRequest(requestId, request.LineId, gtin.Value, request.Count), Draw, context.CancellationToken);
        }
        catch (SerialRequestConflictException ex)
        {
            throw new RpcException(new Status(StatusCode.FailedPrecondition, ex.Message));
        }

        metrics.SerialsAllocated(request.LineId, stored.Serials.Count);
        var block = new WireSerialBlock { BlockId = stored.BlockId.ToString(), Gtin = stored.Gtin };
        block.Serials.AddRange(stored.Serials);
        return new AllocateSerialsResponse { Block = block };
    }

    public override async Task<HeartbeatResponse> Heartbeat(HeartbeatRequest request, ServerCallContext context)
    {
        LineAccess.Demand(context, request.LineId);
        if (string.IsNullOrWhiteSpace(request.LineId))
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "line_id: empty."));
        }

        var progress = await store.GetLineProgressAsync(request.LineId, context.CancellationToken);
        return new HeartbeatResponse
        {
            ServerTime = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(time.GetUtcNow()),
            HighestContiguousSequence = progress.Watermark,
        };
    }

    public override async Task<GetWorkOrdersResponse> GetWorkOrders(GetWorkOrdersRequest request, ServerCallContext context)
    {
        LineAccess.Demand(context, request.LineId);
        var response = new GetWorkOrdersResponse();
        foreach (var order in await store.ListWorkOrdersAsync(request.LineId, WorkOrderState.Released, context.CancellationToken))
        {
            response.WorkOrders.Add(new Contracts.Line.V1.WorkOrder
            {
                WorkOrderId = order.WorkOrderId,
                Gtin = order.Gtin,
                Lot = order.Lot,
                Expiry = order.Expiry ?? "",
                Quantity = order.Quantity,
                UnitsPerCase = order.UnitsPerCase,
                CasesPerPallet = order.CasesPerPallet,
                Model = order.Model,
            });
        }

        return response;
    }
}

/// <summary>Checks a wire event and turns it into what the store keeps.</summary>
internal static class LineEventMapping
{
    private static readonly JsonFormatter Json = new(JsonFormatter.Settings.Default.WithFormatDefaultValues(false));

    public static bool TryMap(
        WireEvent wire,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out StoredEvent? stored,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out EventRejection? rejection)
    {
        stored = null;
        rejection = null;
        if (!Guid.TryParse(wire.EventId, out var eventId))
        {
            rejection = Reject(wire, "event_id", $"'{wire.EventId}' is not a UUID");
            return false;
        }

        if (wire.Sequence < 1)
        {
            rejection = Reject(wire, "sequence", string.Create(CultureInfo.InvariantCulture, $"{wire.Sequence} is below 1"));
            return false;
        }

        if (wire.OccurredAt is null)
        {
            rejection = Reject(wire, "occurred_at", "not set");
            return false;
        }

        UnitId? unit;
        string type;
        IMessage body;
        string bodyField;
        switch (wire.BodyCase)
        {
            case WireEvent.BodyOneofCase.UnitCommissioned:
                (unit, type, body, bodyField) = (wire.UnitCommissioned.Unit, LineEventTypes.Commissioned, wire.UnitCommissioned, "unit_commissioned");
                if (unit is null)
                {
                    rejection = Reject(wire, "unit_commissioned.unit", "not set");
                    return false;
                }

                break;
            case WireEvent.BodyOneofCase.UnitRejected:
                (unit, type, body, bodyField) = (wire.UnitRejected.Unit, LineEventTypes.Rejected, wire.UnitRejected, "unit_rejected");
                if (unit is null)
                {
                    rejection = Reject(wire, "unit_rejected.unit", "not set");
                    return false;
                }

                break;
            case WireEvent.BodyOneofCase.UnitDecommissioned:
                (unit, type, body, bodyField) = (wire.UnitDecommissioned.Item?.Unit, LineEventTypes.Decommissioned, wire.UnitDecommissioned, "unit_decommissioned.item");
                break;
            case WireEvent.BodyOneofCase.LabelReprinted:
                (unit, type, body, bodyField) = (wire.LabelReprinted.Item?.Unit, LineEventTypes.LabelReprinted, wire.LabelReprinted, "label_reprinted.item");
                break;
            case WireEvent.BodyOneofCase.Aggregated:
                (unit, type, body, bodyField) = (null, LineEventTypes.Aggregated, wire.Aggregated, "aggregated");
                break;
            case WireEvent.BodyOneofCase.Disaggregated:
                (unit, type, body, bodyField) = (null, LineEventTypes.Disaggregated, wire.Disaggregated, "disaggregated");
                break;
            case WireEvent.BodyOneofCase.WorkOrderClosed:
                (unit, type, body, bodyField) = (null, LineEventTypes.WorkOrderClosed, wire.WorkOrderClosed, "work_order_closed");
                if (string.IsNullOrWhiteSpace(wire.WorkOrderId))
                {
                    rejection = Reject(wire, "work_order_id", "a work_order_closed event names the work order it closes");
                    return false;
                }

                break;
            default:
                rejection = Reject(wire, "body", "no event body is set");
                return false;
        }

        string? gtin = null;
        string? serial = null;
        if (unit is not null)
        {
            if (UnitProblem(unit, $"{bodyField}.unit") is { } unitProblem)
            {
                rejection = Reject(wire, unitProblem.Field, unitProblem.Reason);
                return false;
            }

            gtin = Gtin.Parse(unit.Gtin).Value;
            serial = unit.Serial;
        }

        if (ItemsProblem(wire) is { } itemProblem)
        {
            rejection = Reject(wire, itemProblem.Field, itemProblem.Reason);
            return false;
        }

        stored = new StoredEvent(eventId, wire.Sequence, type, wire.OccurredAt.ToDateTimeOffset(), gtin, serial, Payload(body, wire.WorkOrderId))
        {
            WorkOrderId = string.IsNullOrEmpty(wire.WorkOrderId) ? null : wire.WorkOrderId,
        };
        return true;
    }

    // The body as protobuf JSON; the work order, which the wire carries beside the body, joins it as "workOrderId"
    // so that the stored event keeps it (central projects it onto the units).
    private static string Payload(IMessage body, string workOrderId) =>
        string.IsNullOrEmpty(workOrderId) ? Json.Format(body) : WithWorkOrder(Json.Format(body), workOrderId);

    /// <summary>
    /// Adds <c>"workOrderId"</c> to a JSON object as JsonFormatter writes one (<c>{ … }</c>, no body has that member) as
    /// text: parsing the body back into a JsonNode to add it cost more than formatting it.
    /// </summary>
    internal static string WithWorkOrder(string json, string workOrderId)
    {
        var close = json.LastIndexOf('}');
        var open = json.IndexOf('{', StringComparison.Ordinal);
        if (open < 0 || close < open)
        {
            throw new ArgumentException("Not a JSON object.", nameof(json));
        }

        var separator = json.AsSpan(open + 1, close - open - 1).IsWhiteSpace() ? " " : ", ";
        return $"{json.AsSpan(0, close).TrimEnd()}{separator}\"workOrderId\": {System.Text.Json.JsonSerializer.Serialize(workOrderId)} }}";
    }

    private static (string Field, string Reason)? UnitProblem(UnitId unit, string path)
    {
        if (!Gtin.TryParse(unit.Gtin, out _, out var gtinError))
        {
            return ($"{path}.gtin", gtinError.ToString());
        }

        return Serial.TryParse(unit.Serial, out _)
            ? null
            : ($"{path}.serial", $"'{unit.Serial}' is not an AI (21) serial (1 to 20 characters of GS1 CSET 82)");
    }

    private static (string Field, string Reason)? ItemProblem(ItemId? item, string path) => item?.IdCase switch
    {
        null or ItemId.IdOneofCase.None => (path, "not set"),
        ItemId.IdOneofCase.Unit => UnitProblem(item.Unit, $"{path}.unit"),
        _ => SsccProblem(item.Sscc, $"{path}.sscc"),
    };

    private static (string Field, string Reason)? SsccProblem(string sscc, string path) =>
        Sscc.TryParse(sscc, out _, out var error) ? null : (path, error.ToString());

    // The identifiers other than the event's own unit (checked above): SSCCs, children, the reissued item.
    private static (string Field, string Reason)? ItemsProblem(WireEvent wire)
    {
        switch (wire.BodyCase)
        {
            case WireEvent.BodyOneofCase.UnitDecommissioned:
                return ItemProblem(wire.UnitDecommissioned.Item, "unit_decommissioned.item");
            case WireEvent.BodyOneofCase.LabelReprinted:
                return ItemProblem(wire.LabelReprinted.Item, "label_reprinted.item")
                    ?? (wire.LabelReprinted.Reissued ? ItemProblem(wire.LabelReprinted.NewItem, "label_reprinted.new_item") : null);
            case WireEvent.BodyOneofCase.Aggregated:
                return SsccProblem(wire.Aggregated.ParentSscc, "aggregated.parent_sscc")
                    ?? ChildrenProblem(wire.Aggregated.Children, "aggregated.children");
            case WireEvent.BodyOneofCase.Disaggregated:
                return SsccProblem(wire.Disaggregated.ParentSscc, "disaggregated.parent_sscc")
                    ?? ChildrenProblem(wire.Disaggregated.Children, "disaggregated.children");
            default:
                return null;
        }
    }

    private static (string Field, string Reason)? ChildrenProblem(Google.Protobuf.Collections.RepeatedField<ItemId> children, string path)
    {
        for (var i = 0; i < children.Count; i++)
        {
            if (ItemProblem(children[i], string.Create(CultureInfo.InvariantCulture, $"{path}[{i}]")) is { } problem)
            {
                return problem;
            }
        }

        return null;
    }

    private static EventRejection Reject(WireEvent wire, string field, string reason) =>
        new() { EventId = wire.EventId, Sequence = wire.Sequence, Field = field, Reason = reason };
}

internal static partial class LineSyncLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Line {LineId}: event {EventId} rejected at {Field}: {Reason}")]
    public static partial void EventRejected(ILogger logger, string lineId, string eventId, string field, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Line {LineId}: conflicting event {EventId}, batch refused: {Detail}")]
    public static partial void ConflictingEvent(ILogger logger, string lineId, Guid eventId, string detail);
}
