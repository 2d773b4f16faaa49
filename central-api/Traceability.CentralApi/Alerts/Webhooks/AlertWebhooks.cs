using System.Text;

namespace Traceability.CentralApi.Alerts.Webhooks;

/// <summary>A configured receiver, ready to use.</summary>
internal sealed record AlertWebhook(string Id, Uri Url, byte[] Secret, IReadOnlySet<string> Kinds)
{
    public bool Wants(AlertKind kind) => Kinds.Count == 0 || Kinds.Contains(kind.Value);

    public DeliveryTarget Target => new(Id, Url.Host);
}

/// <summary>The webhooks of <see cref="AlertWebhookOptions"/> (validated): which ones an alert of a kind goes to.</summary>
internal sealed class AlertWebhooks
{
    public AlertWebhooks(AlertWebhookOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        All = options.Webhooks
            .Select(w => new AlertWebhook(
                w.EffectiveId, new Uri(w.Url!, UriKind.Absolute), Encoding.UTF8.GetBytes(w.Secret!), w.Kinds.ToHashSet(StringComparer.Ordinal)))
            .ToList();
    }

    public IReadOnlyList<AlertWebhook> All { get; }

    public IReadOnlyList<DeliveryTarget> TargetsFor(AlertKind kind) => All.Where(w => w.Wants(kind)).Select(w => w.Target).ToList();
}

/// <summary>Wakes a webhook's delivery loop when an alert for it was raised in this process, so it need not wait for its next poll.</summary>
internal sealed class AlertDeliverySignal
{
    private readonly Dictionary<string, SemaphoreSlim> _wakes;

    public AlertDeliverySignal(AlertWebhooks webhooks) =>
        _wakes = webhooks.All.ToDictionary(w => w.Id, _ => new SemaphoreSlim(0, 1), StringComparer.Ordinal);

    public void Notify(string webhookId)
    {
        if (_wakes.TryGetValue(webhookId, out var wake))
        {
            try
            {
                wake.Release();
            }
            catch (SemaphoreFullException)
            {
                // woken already
            }
        }
    }

    /// <summary>Returns when notified or after <paramref name="poll"/> (on <paramref name="time"/>'s clock), whichever is first.</summary>
    public async Task WaitAsync(string webhookId, TimeSpan poll, TimeProvider time, CancellationToken cancellationToken)
    {
        using var either = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var delay = Task.Delay(poll, time, either.Token);
        var woken = _wakes.TryGetValue(webhookId, out var wake) ? wake.WaitAsync(either.Token) : Task.Delay(Timeout.Infinite, either.Token);
        await Task.WhenAny(delay, woken);
        await either.CancelAsync();
        cancellationToken.ThrowIfCancellationRequested();
    }
}
