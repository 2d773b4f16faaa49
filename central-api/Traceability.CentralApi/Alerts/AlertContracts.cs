using System.Text.Json;
using System.Text.Json.Serialization;
using Traceability.CentralApi.Alerts.Webhooks;

namespace Traceability.CentralApi.Alerts;

/// <summary>The body of <c>POST /api/alerts/{id}/ack</c> (optional).</summary>
public sealed record AcknowledgeRequest(string? Note);

/// <summary>A unit named by an alert.</summary>
public sealed record AlertUnit(string Gtin, string Serial);

/// <summary>An alert as the API shows it.</summary>
public sealed record AlertResponse(
    Guid Id,
    string Kind,
    string Status,
    AlertUnit? Unit,
    DateTimeOffset RaisedAt,
    string Summary,
    JsonElement Evidence,
    string? AcknowledgedBy,
    DateTimeOffset? AcknowledgedAt,
    string? Note)
{
    /// <summary>Its deliveries to webhooks; shown by <c>GET /api/alerts/{id}</c>, left out of listings.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<AlertDeliveryResponse>? Deliveries { get; init; }

    public static AlertResponse From(AlertRecord a)
    {
        using var evidence = JsonDocument.Parse(a.Evidence);
        return new AlertResponse(
            a.AlertId,
            a.Kind.Value,
            a.Status == AlertStatus.Open ? "open" : "acknowledged",
            a.Gtin is not null && a.Serial is not null ? new AlertUnit(a.Gtin, a.Serial) : null,
            a.RaisedAt,
            a.Summary,
            evidence.RootElement.Clone(),
            a.AcknowledgedBy,
            a.AcknowledgedAt,
            a.AcknowledgementNote);
    }
}

/// <summary>One page of <c>GET /api/alerts</c>: newest first; <paramref name="NextPageToken"/> is null on the last page.</summary>
public sealed record AlertListResponse(IReadOnlyList<AlertResponse> Alerts, string? NextPageToken);
