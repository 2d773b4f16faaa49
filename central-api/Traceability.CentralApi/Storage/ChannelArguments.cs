namespace Traceability.CentralApi.Storage;

/// <summary>Argument checks of <see cref="IChannelStore"/>, the same on every database (the endpoints validate requests first).</summary>
internal static class ChannelArguments
{
    public static void Check(DealerRecord dealer)
    {
        ArgumentNullException.ThrowIfNull(dealer);
        ArgumentException.ThrowIfNullOrWhiteSpace(dealer.Id);
        ArgumentException.ThrowIfNullOrWhiteSpace(dealer.Name);
        ArgumentNullException.ThrowIfNull(dealer.Regions);
        if (dealer.Id.Contains('/', StringComparison.Ordinal))
        {
            throw new ArgumentException("A dealer id cannot contain '/' (it separates the ids of a dealer's ancestry).", nameof(dealer));
        }

        if ((dealer.ParentId is null) != (dealer.Level == DealerLevel.Distributor))
        {
            throw new ArgumentException("A distributor (level 1) has no parent dealer; every other level has one.", nameof(dealer));
        }
    }

    public static void Check(ChannelStep step)
    {
        ArgumentNullException.ThrowIfNull(step);
        ArgumentNullException.ThrowIfNull(step.Units);
        ArgumentNullException.ThrowIfNull(step.Ssccs);
        ArgumentNullException.ThrowIfNull(step.Event);
        if (step.Units.Count + step.Ssccs.Count == 0)
        {
            throw new ArgumentException("A channel step names at least one unit or container.", nameof(step));
        }

        if ((step.Kind == ChannelStepKind.Shipping) != (step.ToDealerId is not null))
        {
            throw new ArgumentException("A shipment names the dealer it goes to; receipts and sales name none.", nameof(step));
        }

        if (step.Kind != ChannelStepKind.Shipping && step.DealerId is null)
        {
            throw new ArgumentException("Receipts and sales are made by a dealer.", nameof(step));
        }
    }
}
