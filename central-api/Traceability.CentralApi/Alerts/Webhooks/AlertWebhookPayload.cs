using System.Text.Json;

namespace Traceability.CentralApi.Alerts.Webhooks;

/// <summary>The body POSTed for an alert: <c>{id, kind, status, unit, raisedAt, summary, evidence}</c>, camelCase, UTF-8.</summary>
internal static class AlertWebhookPayload
{
    public static byte[] Serialize(AlertRecord alert)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("id", alert.AlertId);
            json.WriteString("kind", alert.Kind.Value);
            json.WriteString("status", alert.Status == AlertStatus.Open ? "open" : "acknowledged");
            if (alert.Gtin is not null && alert.Serial is not null)
            {
                json.WriteStartObject("unit");
                json.WriteString("gtin", alert.Gtin);
                json.WriteString("serial", alert.Serial);
                json.WriteEndObject();
            }
            else
            {
                json.WriteNull("unit");
            }

            json.WriteString("raisedAt", alert.RaisedAt);
            json.WriteString("summary", alert.Summary);
            json.WritePropertyName("evidence");
            using (var evidence = JsonDocument.Parse(alert.Evidence))
            {
                evidence.RootElement.WriteTo(json);
            }

            json.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
