namespace Traceability.LineAgent.Storage;

/// <summary>
/// One manual action in the append-only audit trail: who, when, what, why. <see cref="Hash"/> is SHA-256 over the
/// record's canonical content and <see cref="PreviousHash"/>, so changing, removing or reordering a record breaks
/// the chain from that record on.
/// </summary>
/// <param name="Sequence">Position in the trail, from 1, without gaps.</param>
/// <param name="At">When (UTC).</param>
/// <param name="OperatorId">Who.</param>
/// <param name="Action">What, as a dotted verb: <c>unit.decommission</c>, <c>workorder.start</c>, …</param>
/// <param name="Subject">What it was done to: a unit key, an SSCC, a work order id.</param>
/// <param name="Reason">Why, in the operator's words.</param>
/// <param name="PreviousHash">The previous record's hash (hex); 64 zeros for the first record.</param>
/// <param name="Hash">This record's hash (hex).</param>
public sealed record AuditRecord(
    long Sequence,
    DateTimeOffset At,
    string OperatorId,
    string Action,
    string Subject,
    string Reason,
    string PreviousHash,
    string Hash);

/// <summary>The outcome of <see cref="LineStore.VerifyAuditChain"/>.</summary>
/// <param name="RecordsChecked">Records read.</param>
/// <param name="FirstBrokenSequence">The first record whose content, link or position does not verify; null when intact.</param>
/// <param name="Problem">What is wrong with it.</param>
public sealed record AuditVerification(long RecordsChecked, long? FirstBrokenSequence, string? Problem)
{
    /// <summary>True when every record verifies.</summary>
    public bool IsIntact => FirstBrokenSequence is null;
}
