using Traceability.CentralApi.Alerts;

namespace Traceability.CentralApi.Storage;

/// <summary>The parts of listing and acknowledging alerts that do not depend on the database.</summary>
internal static class AlertPaging
{
    /// <summary>A page from up to limit + 1 rows read: the extra row only says that there is a next page.</summary>
    public static AlertPage Page(List<AlertRecord> rows, int limit) =>
        new(rows, NewestFirstPaging.Trim(rows, limit, last => new AlertPosition(last.RaisedAt, last.AlertId)));

    public static AcknowledgeResult Acknowledged(bool updated, AlertRecord? alert) =>
        alert is null ? new AcknowledgeResult(AcknowledgeOutcome.NotFound, null)
        : updated ? new AcknowledgeResult(AcknowledgeOutcome.Acknowledged, alert)
        : new AcknowledgeResult(AcknowledgeOutcome.AlreadyAcknowledged, alert);
}
