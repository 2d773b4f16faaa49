using Microsoft.Extensions.Options;
using Traceability.Core.Lifecycle;
using Traceability.LineAgent.Host.Hmi;
using Traceability.LineAgent.Storage;

namespace Traceability.LineAgent.Host.Api;

/// <summary>Who asks for a work-order command, as the HMI page or the API sent it.</summary>
/// <param name="OperatorField">The name of the operator field in the request (<c>operator</c> on the HMI, <c>operatorId</c> in the API).</param>
/// <param name="OperatorId">The operator; null or blank takes the HMI's default operator when <paramref name="DefaultAllowed"/>.</param>
/// <param name="Reason">Why.</param>
/// <param name="Pin">The engineer PIN, when given.</param>
/// <param name="DefaultAllowed">True on the HMI page (no sign-in yet); the API names its operator.</param>
internal sealed record CommandCaller(string OperatorField, string? OperatorId, string? Reason, string? Pin, bool DefaultAllowed);

/// <summary>
/// The checks and answers every work-order command shares, on the HMI page and in the API: operator and reason,
/// the engineer PIN (a wrong one is written to the audit trail), and the store's refusals as problem details.
/// </summary>
internal static class WorkOrderCommand
{
    public const int MaxOperatorLength = 64;
    public const int MaxReasonLength = 500;

    /// <summary>Checks the caller, runs <paramref name="command"/>, answers with <paramref name="ok"/> or a problem.</summary>
    public static async Task<IResult> RunAsync<T>(
        HttpContext http, string subject, string verb, bool engineer, CommandCaller caller,
        Func<ILineHmiSource, OperatorAction, CancellationToken, Task<T>> command, Func<T, IResult> ok, CancellationToken ct)
    {
        var services = http.RequestServices;
        var options = services.GetRequiredService<IOptions<HmiOptions>>().Value;
        var source = services.GetRequiredService<ILineHmiSource>();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(WorkOrderCommand));
        var operatorId = caller.OperatorId?.Trim();
        if (string.IsNullOrEmpty(operatorId))
        {
            if (!caller.DefaultAllowed)
            {
                return Invalid(caller.OperatorField, $"'{verb}' needs the operator's id.");
            }

            operatorId = options.DefaultOperatorId;
        }

        if (operatorId.Length > MaxOperatorLength)
        {
            return Invalid(caller.OperatorField, $"The operator id is {operatorId.Length} characters; at most {MaxOperatorLength}.");
        }

        var reason = caller.Reason?.Trim();
        if (engineer && string.IsNullOrEmpty(reason))
        {
            return Invalid("reason", $"'{verb}' is an engineer action and needs a reason.");
        }

        if (reason is { Length: > MaxReasonLength })
        {
            return Invalid("reason", $"The reason is {reason.Length} characters; at most {MaxReasonLength}.");
        }

        if (engineer)
        {
            var pin = services.GetRequiredService<EngineerPin>();
            if (string.IsNullOrEmpty(caller.Pin))
            {
                HmiLog.Refused(logger, operatorId, verb, subject, "no engineer PIN");
                return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Engineer PIN required", detail: $"'{verb}' on '{subject}' needs the engineer PIN.");
            }

            if (!pin.Matches(caller.Pin))
            {
                HmiLog.Refused(logger, operatorId, verb, subject, "wrong engineer PIN");
                await source.RecordRefusedAsync(new OperatorAction(operatorId, $"wrong engineer PIN; asked: {reason}"), $"workorder.{verb}.refused", subject, ct);
                return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Wrong engineer PIN", detail: $"'{verb}' on '{subject}' was refused and recorded in the audit trail.");
            }
        }

        try
        {
            var result = await command(source, new OperatorAction(operatorId, string.IsNullOrEmpty(reason) ? $"{verb} on the HMI" : reason), ct);
            HmiLog.Action(logger, operatorId, verb, subject);
            return ok(result);
        }
        catch (KeyNotFoundException e)
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown work order", detail: e.Message);
        }
        catch (InvalidOperationException e)
        {
            var store = services.GetRequiredService<LineStore>();
            return Results.Problem(
                statusCode: StatusCodes.Status409Conflict, title: $"Cannot {verb} the work order", detail: e.Message,
                extensions: verb == "close" ? Blocking(store, subject) : null);
        }
        catch (ArgumentException e)
        {
            return Invalid(FieldName(e.ParamName), e.Message);
        }
    }

    /// <summary>What stands in the way of closing: units without a verdict and open containers.</summary>
    public static Dictionary<string, object?> Blocking(LineStore store, string workOrderId)
    {
        var known = store.FindWorkOrder(workOrderId) is not null;
        var units = !known
            ? []
            : store.UnitsOf(workOrderId)
                .Where(u => u.State is SerialState.Allocated or SerialState.Encoded)
                .OrderBy(u => u.PlcSequence)
                .Select(u => new { unit = u.Key.ToString(), gtin = u.Key.Gtin.Value, serial = u.Key.Serial.Value, state = u.State.ToString(), plcSequence = u.PlcSequence })
                .ToList();
        var containers = !known
            ? []
            : store.ContainersOf(workOrderId).Where(c => c.State == ContainerState.Open)
                .Select(c => new { sscc = c.Sscc.Value, kind = c.Kind.ToString(), children = c.ChildCount })
                .ToList();
        return new Dictionary<string, object?>(StringComparer.Ordinal) { ["units"] = units, ["openContainers"] = containers };
    }

    public static IResult Invalid(string field, string message) =>
        Results.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });

    // The store names fields as C# parameters (Lot, OperatorId); the API's JSON uses camelCase.
    private static string FieldName(string? param) =>
        string.IsNullOrEmpty(param) ? "body" : char.ToLowerInvariant(param[0]) + param[1..];
}
