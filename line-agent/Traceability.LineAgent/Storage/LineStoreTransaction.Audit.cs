using LiteDB;

namespace Traceability.LineAgent.Storage;

public sealed partial class LineStoreTransaction
{
    /// <summary>
    /// Records a manual action the store has no operation for (a printer recalibrated, a line cleared) in the audit
    /// trail. The store's own manual operations (decommission, reprint, work order start…) record themselves.
    /// </summary>
    /// <param name="action">Who and why.</param>
    /// <param name="what">A dotted verb, e.g. <c>line.clearance</c>.</param>
    /// <param name="subject">What it was done to.</param>
    /// <exception cref="ArgumentException">The operator, reason or verb is blank.</exception>
    public AuditRecord RecordManualAction(OperatorAction action, string what, string subject) => Step(() =>
    {
        ArgumentNullException.ThrowIfNull(action);
        ArgumentException.ThrowIfNullOrWhiteSpace(what);
        ArgumentNullException.ThrowIfNull(subject);
        action.Validate();
        return AppendAudit(action, what, subject);
    });

    private AuditRecord AppendAudit(OperatorAction action, string what, string subject)
    {
        var head = Audit();
        var sequence = head.Last + 1;
        var at = Now();
        var hash = AuditChain.ComputeHash(sequence, at, action.OperatorId, what, subject, action.Reason, head.Hash);
        var record = new AuditRecord(sequence, at, action.OperatorId, what, subject, action.Reason, head.Hash, hash);
        _collections.Audit.Insert(StoreDocuments.ToDocument(record));
        head.Last = sequence;
        head.Hash = hash;
        head.Dirty = true;
        return record;
    }
}
