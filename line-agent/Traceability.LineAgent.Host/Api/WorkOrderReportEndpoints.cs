using System.Text;
using Microsoft.Extensions.Options;
using Traceability.LineAgent.Pipeline;
using Traceability.LineAgent.Storage;

namespace Traceability.LineAgent.Host.Api;

/// <summary><c>GET /api/work-orders/{id}/report?format=csv|epcis</c>: a work order's report from the line store.</summary>
public static class WorkOrderReportEndpoints
{
    /// <summary>The EPCIS 2.0 JSON-LD media type.</summary>
    public const string EpcisMediaType = "application/ld+json";

    /// <summary>Maps the report route.</summary>
    public static IEndpointRouteBuilder MapWorkOrderReports(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGet("/api/work-orders/{id}/report", (
            string id, string? format, LineStore store, IOptions<PipelineOptions> pipeline, IOptions<LineApiOptions> options, TimeProvider time) =>
        {
            var order = store.FindWorkOrder(id);
            if (order is null)
            {
                return WorkOrderEndpoints.NotFound(id);
            }

            switch (format?.Trim().ToLowerInvariant())
            {
                case null or "" or "csv":
                    var csv = WorkOrderCsvReport.Write(order, store.UnitsOf(id), store.ContainersOf(id));
                    return Results.Text(csv, "text/csv; charset=utf-8", Encoding.UTF8);
                case "epcis":
                    var document = new WorkOrderEpcisReport(pipeline.Value.CompanyPrefix ?? "", TimeZoneInfo.Local)
                        .Write(store.LineId, store.Outbox.EventsOf(id), time.GetUtcNow(), options.Value.EpcisExtensionNamespace);
                    return Results.Text(document.ToJsonString(), EpcisMediaType, Encoding.UTF8);
                default:
                    return WorkOrderCommand.Invalid("format", $"Unknown report format '{format}'; use csv or epcis.");
            }
        });
        return endpoints;
    }
}
