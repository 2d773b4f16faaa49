namespace Traceability.LineAgent.Host.Hmi;

/// <summary>The body of a work-order command from the page.</summary>
/// <param name="Operator">Who presses the button; the configured default when blank.</param>
/// <param name="Reason">Why; required for engineer actions.</param>
/// <param name="Pin">The engineer PIN; required for engineer actions.</param>
public sealed record HmiActionRequest(string? Operator, string? Reason, string? Pin);
