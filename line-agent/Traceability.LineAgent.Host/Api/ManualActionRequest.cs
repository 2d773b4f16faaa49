namespace Traceability.LineAgent.Host.Api;

/// <summary>The JSON body of a manual action.</summary>
/// <param name="OperatorId">Who does it (required, at most 64 characters).</param>
/// <param name="Reason">Why (required, at most 500 characters).</param>
/// <param name="Kind">Decommission only: <c>inactive</c> or <c>destroyed</c>.</param>
/// <param name="Units">Re-aggregation only: the units as GS1 element strings, e.g. <c>(01)09506000134352(21)A1B2</c> (a Digital Link URI is accepted too).</param>
public sealed record ManualActionRequest(string? OperatorId, string? Reason, string? Kind, IReadOnlyList<string>? Units);
