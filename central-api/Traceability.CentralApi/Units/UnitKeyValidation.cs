using Traceability.Core.Gs1;
using Traceability.Core.Serials;

namespace Traceability.CentralApi.Units;

/// <summary>A unit named by GTIN and serial in a route or a body: checked, errors keyed by the field.</summary>
internal static class UnitKeyValidation
{
    /// <summary>Checks both; adds an error per bad field. Returns the GTIN as 14 digits when it is valid.</summary>
    public static string? Check(string? gtin, string? serial, Dictionary<string, string[]> errors, string gtinField = "gtin", string serialField = "serial")
    {
        string? canonical = null;
        if (string.IsNullOrEmpty(gtin))
        {
            errors[gtinField] = ["Required: the unit's GTIN (14 digits, or 8, 12 or 13)."];
        }
        else if (Gtin.TryParse(gtin, out var parsed, out var error))
        {
            canonical = parsed.Value;
        }
        else
        {
            errors[gtinField] = [error.Message];
        }

        if (string.IsNullOrEmpty(serial))
        {
            errors[serialField] = ["Required: the unit's AI (21) serial."];
        }
        else if (!Serial.TryParse(serial, out _))
        {
            errors[serialField] = [$"'{serial}' is not an AI (21) serial: 1 to 20 characters of GS1 CSET 82."];
        }

        return canonical;
    }
}
