using System.Text.Json;
using Traceability.CentralApi.Alerts;

namespace Traceability.CentralApi.Storage;

/// <summary>Argument checks every store applies to alerts, in one place.</summary>
internal static class AlertArguments
{
    public const int MaxLimit = 1000;

    public static void Check(NewAlert alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        if (alert.Kind.Value is null)
        {
            throw new ArgumentException("The alert has no kind.", nameof(alert));
        }

        if ((alert.Gtin is null) != (alert.Serial is null))
        {
            throw new ArgumentException("An alert names a unit by GTIN and serial together, or neither.", nameof(alert));
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(alert.Summary);
        try
        {
            using var _ = JsonDocument.Parse(alert.Evidence);
        }
        catch (Exception e) when (e is JsonException or ArgumentNullException)
        {
            throw new ArgumentException($"The alert's evidence is not a JSON document: {e.Message}", nameof(alert), e);
        }
    }

    public static void Check(AlertQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(query.Limit, MaxLimit);
    }

    public static string Stored(AlertStatus status) => status == AlertStatus.Open ? "open" : "acknowledged";

    public static AlertStatus Status(string stored) => stored == "open" ? AlertStatus.Open : AlertStatus.Acknowledged;
}
