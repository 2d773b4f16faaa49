using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Traceability.Core.Gs1;
using Traceability.Core.Serials;
using Traceability.LineAgent.Host.Hmi;
using Traceability.LineAgent.Manual;
using Traceability.LineAgent.Storage;

namespace Traceability.LineAgent.Host.Api;

/// <summary>
/// The agent's HTTP API for manual work (the HMI's panel and <c>tracectl</c> use it): the reprint queue, reprint,
/// decommission, sample, disaggregate, re-aggregate, and the audit trail with its chain check.
/// </summary>
/// <remarks>
/// Bodies are JSON <c>{ "operatorId": "…", "reason": "…" }</c> plus the fields a route names. Engineer actions need
/// the header <c>X-Engineer-Pin</c>; a wrong PIN is refused (403) and written to the audit trail. Errors are problem
/// details: 400 naming the field, 403 for the PIN, 404 for an unknown unit or container, 409 for a rule's refusal,
/// 503 when the action was recorded but the printer did not print the label.
/// </remarks>
public static class ManualWorkEndpoints
{
    /// <summary>The header that carries the engineer PIN.</summary>
    public const string PinHeader = "X-Engineer-Pin";

    private const int MaxOperatorId = 64;
    private const int MaxReason = 500;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Maps the <c>/api/reprint-queue</c>, <c>/api/units/…</c>, <c>/api/containers/…</c> and <c>/api/audit</c> routes.</summary>
    public static IEndpointRouteBuilder MapManualWork(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGet("/api/reprint-queue", (ManualWork work, int? limit) => ReprintQueue(work, limit));
        endpoints.MapGet("/api/audit", (LineStore store, long? from, int? limit) => Audit(store, from, limit));
        endpoints.MapPost("/api/units/{gtin}/{serial}/reprint", (string gtin, string serial, HttpRequest request, CancellationToken ct) =>
            UnitActionAsync(request, gtin, serial, "reprint", Need.OperatorOrEngineer, async (work, unit, body, action, role) =>
            {
                var outcome = await work.ReprintAsync(unit, action, role, ct);
                return Results.Json(Reprinted(outcome), Json);
            }, ct));
        endpoints.MapPost("/api/units/{gtin}/{serial}/decommission", (string gtin, string serial, HttpRequest request, CancellationToken ct) =>
            UnitActionAsync(request, gtin, serial, "decommission", Need.Engineer, async (work, unit, body, action, role) =>
            {
                if (!TryKind(body.Kind, out var kind))
                {
                    return Invalid("kind", $"\"{body.Kind}\" is not a kind of decommissioning; send \"inactive\" (hold, damaged, rework) or \"destroyed\".");
                }

                return Results.Json(Unit(await work.DecommissionAsync(unit, kind, action, role, ct)), Json);
            }, ct));
        endpoints.MapPost("/api/units/{gtin}/{serial}/sample", (string gtin, string serial, HttpRequest request, CancellationToken ct) =>
            UnitActionAsync(request, gtin, serial, "sample", Need.Operator, async (work, unit, body, action, role) =>
                Results.Json(Unit(await work.SampleAsync(unit, action, ct)), Json), ct));
        endpoints.MapPost("/api/containers/{sscc}/disaggregate", (string sscc, HttpRequest request, CancellationToken ct) =>
            ContainerActionAsync(request, sscc, "disaggregate", async (work, container, body, action) =>
                Results.Json(Container(await work.DisaggregateAsync(container, action, ManualRole.Engineer, ct)), Json), ct));
        endpoints.MapPost("/api/containers/{sscc}/units", (string sscc, HttpRequest request, CancellationToken ct) =>
            ContainerActionAsync(request, sscc, "reaggregate", async (work, container, body, action) =>
            {
                if (body.Units is not { Count: > 0 } texts)
                {
                    return Invalid("units", "Name the units to put into the case, e.g. [\"(01)09506000134352(21)A1B2\"].");
                }

                var units = new List<UnitKey>();
                for (var i = 0; i < texts.Count; i++)
                {
                    if (!TryUnit(texts[i], out var key, out var problem))
                    {
                        return Invalid($"units[{i}]", problem);
                    }

                    units.Add(key);
                }

                return Results.Json(Container(await work.ReaggregateAsync(container, units, action, ManualRole.Engineer, ct)), Json);
            }, ct));
        return endpoints;
    }

    private enum Need
    {
        Operator,
        OperatorOrEngineer,
        Engineer,
    }

    private static IResult ReprintQueue(ManualWork work, int? limit)
    {
        if (limit is < 1 or > 1000)
        {
            return Invalid("limit", $"limit {limit} must be 1 to 1000.");
        }

        return Results.Json(new
        {
            items = work.ReprintQueue(limit ?? 50).Select(u => new
            {
                unit = u.Key.ToString(),
                gtin = u.Key.Gtin.Value,
                serial = u.Key.Serial.Value,
                workOrderId = u.WorkOrderId,
                sequence = u.PlcSequence,
                state = u.State == Core.Lifecycle.SerialState.Encoded ? "unverified" : "rejected",
                reason = u.RejectReason,
                reprintCount = u.ReprintCount,
            }),
        }, Json);
    }

    private static IResult Audit(LineStore store, long? from, int? limit)
    {
        if (from is < 1)
        {
            return Invalid("from", $"from {from} must be a record sequence, 1 or more.");
        }

        if (limit is < 1 or > 1000)
        {
            return Invalid("limit", $"limit {limit} must be 1 to 1000.");
        }

        var chain = store.VerifyAuditChain();
        var records = store.ReadAudit(from ?? 1, limit ?? 100);
        return Results.Json(new
        {
            chainValid = chain.IsIntact,
            recordsChecked = chain.RecordsChecked,
            firstBrokenSequence = chain.FirstBrokenSequence,
            problem = chain.Problem,
            records = records.Select(r => new
            {
                sequence = r.Sequence,
                at = r.At,
                operatorId = r.OperatorId,
                action = r.Action,
                subject = r.Subject,
                reason = r.Reason,
                previousHash = r.PreviousHash,
                hash = r.Hash,
            }),
            next = records.Count > 0 ? records[^1].Sequence + 1 : from ?? 1,
        }, Json);
    }

    private static async Task<IResult> UnitActionAsync(
        HttpRequest request, string gtinText, string serialText, string verb, Need need,
        Func<ManualWork, UnitKey, ManualActionRequest, OperatorAction, ManualRole, Task<IResult>> act, CancellationToken ct)
    {
        if (!Gtin.TryParse(gtinText, out var gtin, out var gtinError))
        {
            return Invalid("gtin", $"\"{gtinText}\" is not a GTIN: {gtinError.Message}");
        }

        // Routing decodes every escape of the path but %2F, so a serial holding '/' (GS1 CSET 82 allows it; Digital Link
        // writes it %2F) would arrive half-decoded, and a serial holding a literal "%2F" (sent %252F) would look the same.
        // The request's raw target tells them apart: the serial is the segment before the verb, decoded once.
        serialText = RawSegmentBeforeLast(request) ?? serialText;
        if (!Serial.TryParse(serialText, out var serial))
        {
            return Invalid("serial", $"\"{serialText}\" is not a GS1 serial (AI 21: 1 to 20 characters of GS1 CSET 82).");
        }

        var unit = new UnitKey(gtin, serial);
        return await RunAsync(request, verb, unit.ToString(), need, (work, body, action, role) => act(work, unit, body, action, role), ct);
    }

    private static string? RawSegmentBeforeLast(HttpRequest request)
    {
        var target = request.HttpContext.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (target is null)
        {
            return null;
        }

        var path = target.AsSpan();
        if (path.IndexOfAny('?', '#') is var end and >= 0)
        {
            path = path[..end];
        }

        var last = path.LastIndexOf('/');
        var before = last > 0 ? path[..last].LastIndexOf('/') : -1;
        return before < 0 ? null : Uri.UnescapeDataString(path[(before + 1)..last].ToString());
    }

    private static async Task<IResult> ContainerActionAsync(
        HttpRequest request, string ssccText, string verb, Func<ManualWork, Sscc, ManualActionRequest, OperatorAction, Task<IResult>> act, CancellationToken ct)
    {
        if (!Sscc.TryParse(ssccText, out var sscc, out var error))
        {
            return Invalid("sscc", $"\"{ssccText}\" is not an SSCC: {error.Message}");
        }

        return await RunAsync(request, verb, sscc.Value, Need.Engineer, (work, body, action, _) => act(work, sscc, body, action), ct);
    }

    private static async Task<IResult> RunAsync(
        HttpRequest request, string verb, string subject, Need need,
        Func<ManualWork, ManualActionRequest, OperatorAction, ManualRole, Task<IResult>> act, CancellationToken ct)
    {
        var services = request.HttpContext.RequestServices;
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ManualWorkEndpoints));
        var (body, problem) = await ReadBodyAsync(request, ct);
        if (problem is not null)
        {
            return problem;
        }

        var action = new OperatorAction(body!.OperatorId!.Trim(), body.Reason!.Trim());
        var role = ManualRole.Operator;
        var entered = request.Headers[PinHeader].ToString();
        if (entered.Length > 0 && need != Need.Operator)
        {
            if (!services.GetRequiredService<EngineerPin>().Matches(entered))
            {
                ManualApiLog.Refused(logger, action.OperatorId, verb, subject, "wrong engineer PIN");
                var store = services.GetRequiredService<LineStore>();
                await store.CommitAsync(tx => tx.RecordManualAction(new OperatorAction(action.OperatorId, $"wrong engineer PIN; asked: {action.Reason}"), $"manual.{verb}.refused", subject), ct);
                return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Wrong engineer PIN",
                    detail: $"'{verb}' of {subject} was refused and recorded in the audit trail.");
            }

            role = ManualRole.Engineer;
        }
        else if (need == Need.Engineer)
        {
            ManualApiLog.Refused(logger, action.OperatorId, verb, subject, "no engineer PIN");
            return EngineerPinRequired($"'{verb}' of {subject} is an engineer action: send the engineer PIN in the {PinHeader} header.");
        }

        try
        {
            return await act(services.GetRequiredService<ManualWork>(), body, action, role);
        }
        catch (EngineerRequiredException e)
        {
            ManualApiLog.Refused(logger, action.OperatorId, verb, subject, "no engineer PIN");
            return EngineerPinRequired($"{e.Message} Send it in the {PinHeader} header.");
        }
        catch (KeyNotFoundException e)
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: subject.StartsWith("(01)", StringComparison.Ordinal) ? "Unknown unit" : "Unknown container", detail: e.Message);
        }
        catch (ManualPrintFailedException e)
        {
            return Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Recorded, but the label was not printed", detail: e.Message,
                extensions: e.Outcome is { } outcome ? new Dictionary<string, object?> { ["outcome"] = Reprinted(outcome) } : null);
        }
        catch (InvalidOperationException e)
        {
            return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: $"Cannot {verb} {subject}", detail: e.Message);
        }
        catch (ArgumentException e)
        {
            return Invalid(Field(e.ParamName), e.Message);
        }
    }

    private static async Task<(ManualActionRequest? Body, IResult? Problem)> ReadBodyAsync(HttpRequest request, CancellationToken ct)
    {
        ManualActionRequest? body;
        try
        {
            if (!request.HasJsonContentType())
            {
                return (null, Invalid("body", "Send the action as JSON (Content-Type: application/json): { \"operatorId\": \"…\", \"reason\": \"…\" }."));
            }

            body = await request.ReadFromJsonAsync<ManualActionRequest>(Json, ct);
        }
        catch (JsonException e)
        {
            return (null, Invalid("body", $"The request body is not a valid action: {e.Message}"));
        }

        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var operatorId = body?.OperatorId?.Trim();
        var reason = body?.Reason?.Trim();
        if (string.IsNullOrEmpty(operatorId))
        {
            errors["operatorId"] = ["Say who does it: operatorId is required."];
        }
        else if (operatorId.Length > MaxOperatorId)
        {
            errors["operatorId"] = [$"operatorId is {operatorId.Length} characters; at most {MaxOperatorId}."];
        }

        if (string.IsNullOrEmpty(reason))
        {
            errors["reason"] = ["Say why: every manual action goes to the audit trail with its reason."];
        }
        else if (reason.Length > MaxReason)
        {
            errors["reason"] = [$"reason is {reason.Length} characters; at most {MaxReason}."];
        }

        return errors.Count > 0 ? (null, Results.ValidationProblem(errors, title: "Invalid manual action")) : (body, null);
    }

    private static IResult EngineerPinRequired(string detail) =>
        Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Engineer PIN required", detail: detail);

    private static IResult Invalid(string field, string message) =>
        Results.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, title: "Invalid manual action");

    private static string Field(string? parameter) => parameter switch
    {
        null => "body",
        "OperatorId" => "operatorId",
        "Reason" => "reason",
        _ => parameter,
    };

    private static bool TryKind(string? text, out DecommissionKind kind)
    {
        kind = text?.Trim().ToUpperInvariant() switch
        {
            "INACTIVE" => DecommissionKind.Inactive,
            "DESTROYED" => DecommissionKind.Destroyed,
            _ => 0,
        };
        return kind != 0;
    }

    private static bool TryUnit(string? text, out UnitKey unit, out string problem)
    {
        unit = default;
        if (!ScannedCode.TryParse(text, out var data, out var error))
        {
            problem = $"\"{text}\" is not GS1 data: {error.Message}";
            return false;
        }

        if (data["01"] is not { } gtinText || data["21"] is not { } serialText || !Gtin.TryParse(gtinText, out var gtin) || !Serial.TryParse(serialText, out var serial))
        {
            problem = $"\"{text}\" does not name a unit: it needs a GTIN (01) and a serial (21).";
            return false;
        }

        unit = new UnitKey(gtin, serial);
        problem = "";
        return true;
    }

    private static object Reprinted(ReprintOutcome outcome) => new
    {
        action = outcome.Kind == ReprintKind.Reissued ? "reissued" : "reprinted",
        unit = outcome.Unit.Key.ToString(),
        gtin = outcome.Unit.Key.Gtin.Value,
        serial = outcome.Unit.Key.Serial.Value,
        state = outcome.Unit.State.ToString(),
        reprintCount = outcome.Unit.ReprintCount,
        newSerial = outcome.NewUnit?.Key.Serial.Value,
        newUnit = outcome.NewUnit?.Key.ToString(),
    };

    private static object Unit(UnitRecord unit) => new
    {
        unit = unit.Key.ToString(),
        gtin = unit.Key.Gtin.Value,
        serial = unit.Key.Serial.Value,
        state = unit.State.ToString(),
        workOrderId = unit.WorkOrderId,
        caseSscc = unit.CaseSscc?.Value,
    };

    private static object Container(ContainerRecord container) => new
    {
        sscc = container.Sscc.Value,
        kind = container.Kind.ToString(),
        state = container.State.ToString(),
        workOrderId = container.WorkOrderId,
        units = container.Units.Select(u => u.ToString()),
        cases = container.Cases.Select(c => c.Value),
    };
}
