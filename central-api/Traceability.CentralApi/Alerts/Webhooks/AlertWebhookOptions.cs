using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Traceability.CentralApi.Alerts.Webhooks;

/// <summary>Where alerts are pushed and how (section <c>Alerts</c>: <c>Webhooks</c> and <c>Delivery</c>).</summary>
public sealed class AlertWebhookOptions
{
    public const string Section = "Alerts";

    /// <summary>Receivers; each gets every alert of its kinds.</summary>
    public List<WebhookOptions> Webhooks { get; set; } = [];

    /// <summary>Retries, timeouts and leases.</summary>
    public DeliveryOptions Delivery { get; set; } = new();
}

/// <summary>One receiver of alerts.</summary>
public sealed class WebhookOptions
{
    /// <summary>
    /// A stable name for the receiver (letters, digits, <c>-</c>, <c>_</c>; up to 64). Unset: <c>url-</c> and the first
    /// 16 hex digits of the SHA-256 of the URL, so changing the URL makes it another webhook.
    /// </summary>
    public string? Id { get; set; }

    /// <summary>An absolute http or https URL that alerts are POSTed to.</summary>
    public string? Url { get; set; }

    /// <summary>The HMAC-SHA256 key (UTF-8), at least 16 characters.</summary>
    public string? Secret { get; set; }

    /// <summary>Alert kinds this receiver gets; empty or absent: all.</summary>
    public List<string> Kinds { get; set; } = [];

    /// <summary>The id: <see cref="Id"/>, or one derived from the URL.</summary>
    public string EffectiveId => Id is { Length: > 0 } id ? id : DerivedId(Url ?? "");

    internal static string DerivedId(string url) =>
        "url-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(url))).AsSpan(0, 16).ToString();
}

/// <summary>How deliveries are retried (section <c>Alerts:Delivery</c>).</summary>
public sealed class DeliveryOptions
{
    /// <summary>The first retry's delay; each later one doubles, with jitter.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>No backoff waits longer (a receiver's Retry-After is bounded by <see cref="MaxRetryAfter"/> instead).</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Attempts before a delivery is failed (the first included).</summary>
    public int MaxAttempts { get; set; } = 10;

    /// <summary>How long one POST may take.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How often each webhook's queue is checked when idle.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a claimed delivery stays reserved to one process (longer than <see cref="Timeout"/>).</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>The longest Retry-After honoured; a receiver asking for more waits this long.</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromHours(6);
}

/// <summary>Checks webhooks and delivery settings at start-up; each error names its key.</summary>
internal sealed class AlertWebhookOptionsValidator : IValidateOptions<AlertWebhookOptions>
{
    public const int MinSecretLength = 16;
    private const int MaxIdLength = 64;

    public ValidateOptionsResult Validate(string? name, AlertWebhookOptions options)
    {
        var errors = new List<string>();
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < options.Webhooks.Count; i++)
        {
            var hook = options.Webhooks[i];
            var key = string.Create(CultureInfo.InvariantCulture, $"Alerts:Webhooks:{i}:");
            if (hook.Id is not null && (hook.Id.Length is 0 or > MaxIdLength || !hook.Id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')))
            {
                errors.Add($"{key}Id: '{hook.Id}' is not a webhook id (1 to {MaxIdLength} letters, digits, '-' or '_').");
            }

            if (!Uri.TryCreate(hook.Url, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
            {
                errors.Add($"{key}Url: '{hook.Url}' is not an absolute http or https URL.");
            }

            if (hook.Secret is null || hook.Secret.Length < MinSecretLength)
            {
                errors.Add($"{key}Secret: the secret has {hook.Secret?.Length ?? 0} characters; at least {MinSecretLength}.");
            }

            for (var k = 0; k < hook.Kinds.Count; k++)
            {
                if (!AlertKind.TryParse(hook.Kinds[k], out _))
                {
                    errors.Add(string.Create(CultureInfo.InvariantCulture,
                        $"{key}Kinds:{k}: '{hook.Kinds[k]}' is not an alert kind; one of {string.Join(", ", AlertKind.Known)}."));
                }
            }

            if (ids.TryGetValue(hook.EffectiveId, out var first))
            {
                errors.Add(string.Create(CultureInfo.InvariantCulture,
                    $"{key}Id: webhook id '{hook.EffectiveId}' is used by Alerts:Webhooks:{first} too (the same URL twice needs an Id each)."));
            }
            else
            {
                ids[hook.EffectiveId] = i;
            }
        }

        var d = options.Delivery;
        Positive(errors, "BaseDelay", d.BaseDelay);
        Positive(errors, "MaxDelay", d.MaxDelay);
        Positive(errors, "Timeout", d.Timeout);
        Positive(errors, "PollInterval", d.PollInterval);
        Positive(errors, "MaxRetryAfter", d.MaxRetryAfter);
        if (d.MaxDelay < d.BaseDelay)
        {
            errors.Add($"Alerts:Delivery:MaxDelay: {d.MaxDelay} is shorter than BaseDelay ({d.BaseDelay}).");
        }

        if (d.MaxAttempts is < 1 or > 100)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"Alerts:Delivery:MaxAttempts: {d.MaxAttempts} is not from 1 to 100."));
        }

        if (d.LeaseDuration <= d.Timeout)
        {
            errors.Add($"Alerts:Delivery:LeaseDuration: {d.LeaseDuration} must be longer than Timeout ({d.Timeout}), or another process could send a delivery still in flight.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void Positive(List<string> errors, string key, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            errors.Add($"Alerts:Delivery:{key}: {value} is not a positive duration.");
        }
    }
}
