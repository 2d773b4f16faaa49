using System.Diagnostics.CodeAnalysis;

namespace Traceability.CentralApi.Alerts;

/// <summary>
/// What an alert is about: one of <see cref="Known"/>. An open set: a new kind is one more entry here, with no schema
/// change (stores keep the text); anything not listed is refused where it enters.
/// </summary>
public readonly record struct AlertKind
{
    private AlertKind(string value) => Value = value;

    /// <summary>A unit turned up (activated, inspected) outside the region its dealer may sell in.</summary>
    public static AlertKind Diversion { get; } = new("diversion");

    /// <summary>A serial central never allocated was presented.</summary>
    public static AlertKind UnknownSerial { get; } = new("unknown_serial");

    /// <summary>Signs that a unit is a copy (a serial seen twice in impossible places, a bad signature).</summary>
    public static AlertKind CounterfeitSuspicion { get; } = new("counterfeit_suspicion");

    /// <summary>A dealer sold below the allowed price.</summary>
    public static AlertKind PriceViolation { get; } = new("price_violation");

    /// <summary>A reward (scan bonus, trade-in) claimed fraudulently.</summary>
    public static AlertKind RewardFraud { get; } = new("reward_fraud");

    /// <summary>Every kind central accepts.</summary>
    public static IReadOnlyList<AlertKind> Known { get; } = [Diversion, UnknownSerial, CounterfeitSuspicion, PriceViolation, RewardFraud];

    /// <summary>The kind as stored and sent ("diversion").</summary>
    public string Value { get; }

    /// <summary>Parses one of <see cref="Known"/> (exact, lower case).</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out AlertKind kind)
    {
        foreach (var known in Known)
        {
            if (string.Equals(known.Value, text, StringComparison.Ordinal))
            {
                kind = known;
                return true;
            }
        }

        kind = default;
        return false;
    }

    /// <summary>A stored kind; a kind unknown to this build still reads back (a newer build may have written it).</summary>
    internal static AlertKind FromStored(string value) => TryParse(value, out var kind) ? kind : new AlertKind(value);

    public override string ToString() => Value ?? string.Empty;
}
