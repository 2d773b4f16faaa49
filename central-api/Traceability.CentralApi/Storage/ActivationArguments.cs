namespace Traceability.CentralApi.Storage;

/// <summary>Argument checks every store applies to activations, in one place.</summary>
internal static class ActivationArguments
{
    public static void Check(ActivationRecord activation)
    {
        ArgumentNullException.ThrowIfNull(activation);
        ArgumentException.ThrowIfNullOrWhiteSpace(activation.Gtin);
        ArgumentException.ThrowIfNullOrWhiteSpace(activation.Serial);
        ArgumentException.ThrowIfNullOrWhiteSpace(activation.AccountId);
        ArgumentException.ThrowIfNullOrWhiteSpace(activation.IpAddress);
        if (activation.Diversion && activation.DealerId is null)
        {
            throw new ArgumentException("A diversion names the dealer the unit was shipped to.", nameof(activation));
        }
    }
}
