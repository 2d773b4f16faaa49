namespace Traceability.Core.Lifecycle;

/// <summary>One legal move of a serial number between two states, with its business meaning.</summary>
/// <param name="From">The state the serial is in.</param>
/// <param name="To">The state the serial moves to.</param>
/// <param name="Meaning">What happened in the business: who records it and why.</param>
public readonly record struct SerialTransition(SerialState From, SerialState To, string Meaning)
{
    /// <summary>The transition as "From → To".</summary>
    public override string ToString() => $"{From} → {To}";
}
