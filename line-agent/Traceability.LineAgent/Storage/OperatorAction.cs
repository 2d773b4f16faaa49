namespace Traceability.LineAgent.Storage;

/// <summary>Who did a manual action and why; the store adds when and what, and writes both to the audit trail.</summary>
/// <param name="OperatorId">The signed-in operator.</param>
/// <param name="Reason">Why, in the operator's words.</param>
public sealed record OperatorAction(string OperatorId, string Reason)
{
    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(OperatorId))
        {
            throw new ArgumentException("A manual action needs the operator's id.", nameof(OperatorId));
        }

        if (string.IsNullOrWhiteSpace(Reason))
        {
            throw new ArgumentException($"A manual action by {OperatorId} needs a reason.", nameof(Reason));
        }
    }
}
