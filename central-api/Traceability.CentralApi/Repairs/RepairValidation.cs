using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Traceability.CentralApi.Units;
using Traceability.Core.Gs1;

namespace Traceability.CentralApi.Repairs;

/// <summary>Checks a repair request field by field; every error is keyed by the field it is about.</summary>
internal static class RepairValidation
{
    public const int MaxTextLength = 200;
    public const int MaxFaultLength = 2000;
    public const int MaxParts = 100;

    // Clocks of service centres drift; a receipt minutes "in the future" is skew, one hours ahead is a typo.
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    public static bool TryValidate(
        RepairRequest request, DateTimeOffset now, string recordedBy, [NotNullWhen(true)] out RepairRecord? repair, out Dictionary<string, string[]> errors)
    {
        errors = [];
        repair = null;
        var (gtin, serial) = Unit(request, errors);
        var fault = Text(request.Fault, "fault", MaxFaultLength, errors);
        var technician = Text(request.Technician, "technician", MaxTextLength, errors);
        var centre = Text(request.ServiceCentre, "serviceCentre", MaxTextLength, errors);
        var received = Instant(request.ReceivedAt, "receivedAt", required: true, now, errors);
        var completed = Instant(request.CompletedAt, "completedAt", required: false, now, errors);
        if (received is { } r && completed is { } c && c < r)
        {
            errors["completedAt"] = [$"{request.CompletedAt} is before receivedAt {request.ReceivedAt}."];
        }

        var parts = Parts(request.Parts, errors);
        if (errors.Count > 0)
        {
            return false;
        }

        repair = new RepairRecord(Guid.CreateVersion7(now), gtin!, serial!, fault!, parts, technician!, centre!, received!.Value, completed, now, recordedBy);
        return true;
    }

    private static (string? Gtin, string? Serial) Unit(RepairRequest request, Dictionary<string, string[]> errors)
    {
        if (request.Code is null)
        {
            return (UnitKeyValidation.Check(request.Gtin, request.Serial, errors), request.Serial);
        }

        if (request.Gtin is not null || request.Serial is not null)
        {
            errors["code"] = ["Give the unit either as code or as gtin and serial, not both."];
            return (null, null);
        }

        if (!ScannedCode.TryParse(request.Code, out var data, out var error))
        {
            errors["code"] = [$"Not a GS1 code or Digital Link: {error.Message}"];
            return (null, null);
        }

        if (data["01"] is not { } gtin || data["21"] is not { } serial)
        {
            errors["code"] = ["The code names no unit: it needs a GTIN (01) and a serial (21)."];
            return (null, null);
        }

        return (gtin, serial);
    }

    private static string? Text(string? value, string field, int maxLength, Dictionary<string, string[]> errors)
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            errors[field] = ["Required."];
            return null;
        }

        if (trimmed.Length > maxLength)
        {
            errors[field] = [$"{trimmed.Length} characters; at most {maxLength}."];
            return null;
        }

        return trimmed;
    }

    private static DateTimeOffset? Instant(string? value, string field, bool required, DateTimeOffset now, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required)
            {
                errors[field] = ["Required: a date and time with its offset, e.g. 2026-12-01T10:30:00+08:00."];
            }

            return null;
        }

        // A time without an offset is ambiguous by up to a day: refuse it rather than guess the zone.
        if (!DateTime.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var parsed) || parsed.Kind == DateTimeKind.Unspecified
            || !DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant))
        {
            errors[field] = [$"'{value}' is not a date and time with an offset (ISO 8601, e.g. 2026-12-01T10:30:00+08:00)."];
            return null;
        }

        if (instant > now + ClockSkew)
        {
            errors[field] = [$"{value} is in the future."];
            return null;
        }

        return instant;
    }

    private static List<RepairPart> Parts(IReadOnlyList<RepairPartRequest?>? parts, Dictionary<string, string[]> errors)
    {
        var list = new List<RepairPart>();
        if (parts is null)
        {
            return list;
        }

        if (parts.Count > MaxParts)
        {
            errors["parts"] = [$"{parts.Count} parts; at most {MaxParts}."];
            return list;
        }

        for (var i = 0; i < parts.Count; i++)
        {
            var part = parts[i];
            var at = string.Create(CultureInfo.InvariantCulture, $"parts[{i}]");
            var number = Text(part?.PartNumber, at + ".partNumber", MaxTextLength, errors);
            var serial = string.IsNullOrWhiteSpace(part?.Serial) ? null : Text(part.Serial, at + ".serial", MaxTextLength, errors);
            var description = string.IsNullOrWhiteSpace(part?.Description) ? null : Text(part.Description, at + ".description", MaxTextLength, errors);
            if (number is not null)
            {
                list.Add(new RepairPart(number, serial, description));
            }
        }

        return list;
    }
}
