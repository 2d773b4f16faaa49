using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Traceability.CentralApi.Activation;

/// <summary>Checks an activation's fields (not its code), naming the field of each problem.</summary>
public static class ActivationValidation
{
    /// <summary>The longest account id, in characters.</summary>
    public const int MaxAccountIdLength = 128;

    /// <summary>Reads the account, address and time of <paramref name="request"/>; <paramref name="errors"/> names every bad field.</summary>
    public static bool TryRead(
        ActivationRequest request, DateTimeOffset now, TimeSpan futureTolerance,
        out string accountId, out IPAddress ip, out DateTimeOffset activatedAt, out Dictionary<string, string[]> errors)
    {
        ArgumentNullException.ThrowIfNull(request);
        errors = [];
        accountId = request.AccountId?.Trim() ?? "";
        if (accountId.Length == 0)
        {
            errors["accountId"] = ["Required: the account the device is activated under."];
        }
        else if (accountId.Length > MaxAccountIdLength)
        {
            errors["accountId"] = [$"The account id has {accountId.Length} characters; at most {MaxAccountIdLength}."];
        }
        else if (accountId.Any(char.IsControl))
        {
            errors["accountId"] = ["The account id contains control characters."];
        }

        ip = IPAddress.None;
        if (string.IsNullOrWhiteSpace(request.Ip))
        {
            errors["ip"] = ["Required: the device's IP address (IPv4 or IPv6)."];
        }
        else if (!TryParseAddress(request.Ip.Trim(), out ip))
        {
            errors["ip"] = [$"'{request.Ip}' is not an IP address (IPv4 dotted quad or IPv6)."];
        }

        activatedAt = default;
        if (string.IsNullOrWhiteSpace(request.ActivatedAt))
        {
            errors["activatedAt"] = ["Required: when the device was activated, ISO 8601 (e.g. 2026-11-25T10:15:00+08:00)."];
        }
        else if (!DateTimeOffset.TryParse(request.ActivatedAt, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out activatedAt))
        {
            errors["activatedAt"] = [$"'{request.ActivatedAt}' is not an ISO 8601 date and time."];
        }
        else if (activatedAt > now + futureTolerance)
        {
            errors["activatedAt"] = [$"{activatedAt:O} is after central's time {now:O} by more than {futureTolerance}; check the device's clock."];
        }

        return errors.Count == 0;
    }

    // IPAddress.TryParse also takes "1" or "10.1" (classful shorthands) and scope ids: a device sends neither.
    private static bool TryParseAddress(string text, out IPAddress address)
    {
        if (!IPAddress.TryParse(text, out var parsed)
            || (parsed.AddressFamily == AddressFamily.InterNetwork && text.Count(c => c == '.') != 3)
            || (parsed.AddressFamily == AddressFamily.InterNetworkV6 && text.Contains('%', StringComparison.Ordinal)))
        {
            address = IPAddress.None;
            return false;
        }

        address = parsed;
        return true;
    }
}
