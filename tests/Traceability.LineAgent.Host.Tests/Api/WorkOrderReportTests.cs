using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using Traceability.Core.Gs1;
using Traceability.Core.Lifecycle;
using Traceability.LineAgent.Storage;

namespace Traceability.LineAgent.Host.Tests.Api;

/// <summary>
/// The report of a work order seeded through the store: 6 units taken; one rejected "no-read, smudged" (a comma, to
/// pin CSV quoting); a case of 3 closed on a pallet; one unit decommissioned (destroyed), one sampled, one reprinted
/// and left loose; a case opened, filled and disaggregated.
/// </summary>
public sealed class WorkOrderReportTests : IAsyncLifetime
{
    private static readonly Lazy<JsonSchema> EpcisSchema = new(() =>
        JsonSchema.FromText(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Epcis", "EPCIS-JSON-Schema.json")), new BuildOptions { SchemaRegistry = new SchemaRegistry() }));

    private static readonly Sscc Case1 = Sscc.Create(3, "9506000", 1);
    private static readonly Sscc Pallet1 = Sscc.Create(3, "9506000", 2);
    private static readonly OperatorAction Engineer = new("eng-1", "test");
    private ApiLine _line = null!;

    public async Task InitializeAsync()
    {
        _line = await ApiLine.StartAsync();
        await _line.Store.CommitAsync(tx =>
        {
            tx.StartWorkOrder("WO-1", Engineer);
            var units = Enumerable.Range(1, 6).Select(n => tx.TakeSerial("WO-1", n)).ToList();
            foreach (var unit in units)
            {
                tx.RecordPrinted(unit.Key);
            }

            tx.RecordRejected(units[0].Key, "no-read, smudged");
            foreach (var unit in units.Skip(1))
            {
                tx.RecordVerified(unit.Key, "");
            }

            tx.OpenContainer(ContainerKind.Case, Case1, "WO-1");
            tx.OpenContainer(ContainerKind.Pallet, Pallet1, "WO-1");
            foreach (var unit in units.Skip(1).Take(3))
            {
                tx.PackUnit(unit.Key, Case1);
            }

            tx.CloseContainer(Case1);
            tx.PackCase(Case1, Pallet1);
            tx.CloseContainer(Pallet1);
            tx.DecommissionUnit(units[4].Key, DecommissionKind.Destroyed, new OperatorAction("eng-1", "dropped"));
            tx.SampleUnit(units[5].Key, new OperatorAction("qa-1", "retention"));
        }, CancellationToken.None);
        await _line.Store.CommitAsync(tx => tx.RecordReprint(_line.Store.UnitsOf("WO-1").Single(u => u.PlcSequence == 2).Key, new OperatorAction("op-1", "label torn")), CancellationToken.None);
    }

    public async Task DisposeAsync() => await _line.DisposeAsync();

    [Fact]
    public async Task The_csv_report_has_one_row_per_serial_matching_the_store_and_the_reconciliation()
    {
        using var client = _line.Client();
        var response = await client.GetAsync(new Uri("/api/work-orders/WO-1/report?format=csv", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var (header, rows, summary) = ParseReport(await response.Content.ReadAsStringAsync());

        Assert.Equal(["gtin", "serial", "state", "printedAt", "verifiedAt", "rejectReason", "caseSscc", "palletSscc", "reprintCount"], header);
        var units = _line.Store.UnitsOf("WO-1").ToDictionary(u => u.Key.Serial.Value);
        Assert.Equal(units.Count, rows.Count);
        foreach (var row in rows)
        {
            var unit = units[row[1]];
            Assert.Equal(unit.Key.Gtin.Value, row[0]);
            Assert.Equal(unit.State.ToString(), row[2]);
            Assert.Equal(unit.PrintedAt!.Value, DateTimeOffset.Parse(row[3], System.Globalization.CultureInfo.InvariantCulture), TimeSpan.FromMilliseconds(1));
            Assert.Equal(unit.VerdictAt!.Value, DateTimeOffset.Parse(row[4], System.Globalization.CultureInfo.InvariantCulture), TimeSpan.FromMilliseconds(1));
            Assert.Equal(unit.RejectReason ?? "", row[5]);
            Assert.Equal(unit.CaseSscc?.Value ?? "", row[6]);
            Assert.Equal(unit.CaseSscc is null ? "" : Pallet1.Value, row[7]);
            Assert.Equal(unit.ReprintCount.ToString(System.Globalization.CultureInfo.InvariantCulture), row[8]);
        }

        Assert.Equal("no-read, smudged", rows.Single(r => r[2] == nameof(SerialState.LabelScrapped))[5]);
        Assert.Equal("1", rows.Single(r => units[r[1]].PlcSequence == 2)[8]);
        var counts = _line.Store.FindWorkOrder("WO-1")!.Counts;
        Assert.Equal((6L, 5L, 1L, 3L, 1L, 1L, 0L), (long.Parse(summary["issued"]), long.Parse(summary["verified"]), long.Parse(summary["rejected"]),
            long.Parse(summary["packed"]), long.Parse(summary["samples"]), long.Parse(summary["decommissioned"]), long.Parse(summary["loose"])));
        Assert.Equal(counts.Printed, long.Parse(summary["printed"]));
        Assert.Equal(("WO-1", "true", "2028-11-30"), (summary["workOrder"], summary["balanced"], summary["expiry"]));
    }

    [Fact]
    public async Task The_epcis_report_is_an_epcis_document_valid_against_gs1s_schema_with_every_event_of_the_order()
    {
        using var client = _line.Client();
        var response = await client.GetAsync(new Uri("/api/work-orders/WO-1/report?format=epcis", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/ld+json", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        var result = EpcisSchema.Value.Evaluate(JsonDocument.Parse(text).RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
        Assert.True(result.IsValid, text);

        var events = JsonNode.Parse(text)!["epcisBody"]!["eventList"]!.AsArray().Select(e => e!.AsObject()).ToList();
        string? Step(JsonObject e) => e["bizStep"]?.GetValue<string>();
        Assert.Equal(5, events.Count(e => Step(e) == "commissioning"));
        var rejected = Assert.Single(events, e => Step(e) == "inspecting");
        Assert.Equal("non_conformant", rejected["disposition"]!.GetValue<string>());
        Assert.Equal("no-read, smudged", rejected["tr:reason"]!.GetValue<string>());
        Assert.Equal(2, events.Count(e => Step(e) == "packing"));
        Assert.Equal(2, events.Count(e => Step(e) == "decommissioning"));
        Assert.Single(events, e => Step(e) == "encoding");
        var packing = events.First(e => Step(e) == "packing");
        Assert.Equal("urn:epc:id:sscc:9506000.3000000001", packing["parentID"]!.GetValue<string>());
        Assert.StartsWith("urn:epc:id:sgtin:9506000.013435.", events.First(e => Step(e) == "commissioning")["epcList"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(_line.Store.Outbox.EventsOf("WO-1").Count, events.Count);
    }

    [Fact]
    public async Task An_unknown_format_or_order_is_a_problem()
    {
        using var client = _line.Client();
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync(new Uri("/api/work-orders/WO-1/report?format=xml", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(new Uri("/api/work-orders/WO-9/report?format=csv", UriKind.Relative))).StatusCode);
    }

    /// <summary>Splits the report at its empty line and parses both tables (RFC 4180 quoting).</summary>
    internal static (List<string> Header, List<List<string>> Rows, Dictionary<string, string> Summary) ParseReport(string csv)
    {
        var records = ParseCsv(csv);
        var blank = records.FindIndex(r => r.Count == 1 && r[0].Length == 0);
        Assert.True(blank > 0, "no empty line between the units and the summary");
        var summaryRows = records.Skip(blank + 1).ToList();
        Assert.Equal(["summary", "value"], summaryRows[0]);
        return (records[0], records.Skip(1).Take(blank - 1).ToList(), summaryRows.Skip(1).ToDictionary(r => r[0], r => r[1], StringComparer.Ordinal));
    }

    private static List<List<string>> ParseCsv(string csv)
    {
        var records = new List<List<string>>();
        var record = new List<string>();
        var field = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < csv.Length; i++)
        {
            var c = csv[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < csv.Length && csv[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                record.Add(field.ToString());
                field.Clear();
            }
            else if (c == '\r' && i + 1 < csv.Length && csv[i + 1] == '\n')
            {
                record.Add(field.ToString());
                field.Clear();
                records.Add(record);
                record = [];
                i++;
            }
            else
            {
                field.Append(c);
            }
        }

        Assert.Empty(record);
        return records;
    }
}
