using System.Globalization;
using Traceability.CentralApi.Storage;
using Traceability.Core.Gs1;

namespace Traceability.CentralApi.WorkOrders;

/// <summary>Checks a planner's work order field by field; errors are keyed by the JSON field name.</summary>
internal static class WorkOrderValidation
{
    public const int MaxIdLength = 64;
    public const int MaxLineIdLength = 100;
    public const int MaxModelLength = 100;

    private static readonly System.Buffers.SearchValues<char> IdCharacters =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.");

    public static bool TryValidate(
        WorkOrderRequest request,
        DateTimeOffset now,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out WorkOrderRecord? order,
        out Dictionary<string, string[]> errors)
    {
        errors = [];
        var id = request.WorkOrderId;
        if (id is not null && IdProblem(id) is { } idProblem)
        {
            errors["workOrderId"] = [idProblem];
        }

        if (string.IsNullOrWhiteSpace(request.LineId))
        {
            errors["lineId"] = ["Required."];
        }
        else if (request.LineId.Length > MaxLineIdLength)
        {
            errors["lineId"] = [$"At most {MaxLineIdLength} characters."];
        }

        string? gtin = null;
        if (string.IsNullOrEmpty(request.Gtin))
        {
            errors["gtin"] = ["Required."];
        }
        else if (Gtin.TryParse(request.Gtin, out var parsed, out var gtinError))
        {
            gtin = parsed.Value;
        }
        else
        {
            errors["gtin"] = [gtinError.Message];
        }

        // Lot and expiry are checked as the AI (10) and (17) values the line will print, next to a valid (01) (any
        // valid one while the GTIN itself is wrong, so that each field's own error is reported).
        var reference = gtin ?? "09506000134352";
        if (string.IsNullOrEmpty(request.Lot))
        {
            errors["lot"] = ["Required: the AI (10) batch/lot."];
        }
        else if (AiProblem("10", request.Lot, reference) is { } lotProblem)
        {
            errors["lot"] = [lotProblem];
        }

        if (!string.IsNullOrEmpty(request.Expiry) && AiProblem("17", request.Expiry, reference) is { } expiryProblem)
        {
            errors["expiry"] = [expiryProblem];
        }

        Positive(errors, "quantity", request.Quantity);
        Positive(errors, "unitsPerCase", request.UnitsPerCase);
        Positive(errors, "casesPerPallet", request.CasesPerPallet);
        if (request.Model is { Length: > MaxModelLength })
        {
            errors["model"] = [$"At most {MaxModelLength} characters."];
        }

        if (errors.Count > 0)
        {
            order = null;
            return false;
        }

        order = new WorkOrderRecord(
            id ?? Guid.NewGuid().ToString("D"),
            request.LineId!,
            gtin!,
            request.Lot!,
            string.IsNullOrEmpty(request.Expiry) ? null : request.Expiry,
            request.Quantity!.Value,
            request.UnitsPerCase!.Value,
            request.CasesPerPallet!.Value,
            request.Model ?? "",
            WorkOrderState.Planned,
            now);
        return true;
    }

    /// <summary>Ids go into URLs (<c>/work-orders/{id}</c>) and onto the line: letters, digits, '-', '_' and '.' only.</summary>
    public static string? IdProblem(string id)
    {
        if (id.Length is 0 or > MaxIdLength)
        {
            return string.Create(CultureInfo.InvariantCulture, $"1 to {MaxIdLength} characters; this has {id.Length}.");
        }

        var bad = id.AsSpan().IndexOfAnyExcept(IdCharacters);
        return bad < 0 ? null : string.Create(CultureInfo.InvariantCulture, $"'{id[bad]}' at position {bad + 1}: only letters, digits, '-', '_' and '.' are allowed.");
    }

    private static string? AiProblem(string ai, string value, string gtin) =>
        ElementString.TryCreate([new AiValue("01", gtin), new AiValue(ai, value)], out _, out var error) ? null : error.Message;

    private static void Positive(Dictionary<string, string[]> errors, string field, long? value)
    {
        if (value is null)
        {
            errors[field] = ["Required."];
        }
        else if (value < 1)
        {
            errors[field] = [string.Create(CultureInfo.InvariantCulture, $"{value} is not positive.")];
        }
    }
}
