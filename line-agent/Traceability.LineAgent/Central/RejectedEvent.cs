namespace Traceability.LineAgent.Central;

/// <summary>
/// An outbox event central refused as malformed. It stays in the outbox (never acknowledged, so central's watermark and
/// the line's stop below it) until the cause is fixed; central names the field and the reason.
/// </summary>
/// <param name="Sequence">The event's outbox sequence.</param>
/// <param name="EventId">The event's id.</param>
/// <param name="Field">The field central objected to, e.g. <c>unit_commissioned.unit.gtin</c>.</param>
/// <param name="Reason">Why.</param>
/// <param name="At">When central last refused it.</param>
public sealed record RejectedEvent(long Sequence, string EventId, string Field, string Reason, DateTimeOffset At);
