using Microsoft.Extensions.Options;
using Traceability.CentralApi.Alerts.Webhooks;
using Traceability.CentralApi.Tests.Grpc;

namespace Traceability.CentralApi.Tests.Alerts;

public sealed class AlertWebhookOptionsTests
{
    [Fact]
    public void Each_bad_webhook_setting_is_named_by_its_key()
    {
        var options = new AlertWebhookOptions
        {
            Webhooks =
            [
                new WebhookOptions { Url = "/relative/path", Secret = "short", Kinds = ["diversion", "theft"] },
                new WebhookOptions { Url = "ftp://files.example/x", Secret = "long-enough-secret-1234", Id = "has space" },
                new WebhookOptions { Url = "https://a.example/hook", Secret = "long-enough-secret-1234" },
                new WebhookOptions { Url = "https://a.example/hook", Secret = "long-enough-secret-1234" },
            ],
            Delivery = new DeliveryOptions { MaxAttempts = 0, BaseDelay = TimeSpan.FromMinutes(5), MaxDelay = TimeSpan.FromMinutes(1), Timeout = TimeSpan.FromMinutes(3) },
        };

        var result = new AlertWebhookOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        var failures = result.Failures!.ToList();
        Assert.Contains(failures, f => f.StartsWith("Alerts:Webhooks:0:Url: '/relative/path' is not an absolute http or https URL", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Alerts:Webhooks:0:Secret: the secret has 5 characters; at least 16", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Alerts:Webhooks:0:Kinds:1: 'theft' is not an alert kind", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Alerts:Webhooks:1:Url:", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Alerts:Webhooks:1:Id: 'has space' is not a webhook id", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Alerts:Webhooks:3:Id: webhook id 'url-", StringComparison.Ordinal) && f.Contains("Alerts:Webhooks:2", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Alerts:Delivery:MaxAttempts:", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Alerts:Delivery:MaxDelay:", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Alerts:Delivery:LeaseDuration:", StringComparison.Ordinal));
        Assert.Equal(9, failures.Count);
    }

    [Fact]
    public void Good_settings_pass_and_the_same_url_gets_the_same_id()
    {
        var options = new AlertWebhookOptions { Webhooks = [new WebhookOptions { Url = "https://a.example/hook", Secret = "long-enough-secret-1234", Kinds = ["reward_fraud"] }] };

        Assert.True(new AlertWebhookOptionsValidator().Validate(null, options).Succeeded);
        Assert.Equal(WebhookOptions.DerivedId("https://a.example/hook"), options.Webhooks[0].EffectiveId);
        Assert.Matches("^url-[0-9a-f]{16}$", options.Webhooks[0].EffectiveId);
    }

    [Fact]
    public async Task A_bad_webhook_fails_the_start()
    {
        var ex = Assert.IsType<OptionsValidationException>(await StartupProbe.StartAsync(new Dictionary<string, string?>
        {
            ["Alerts:Webhooks:0:Url"] = "https://receiver.example/hook",
            ["Alerts:Webhooks:0:Secret"] = "too-short",
        }));

        Assert.Contains("Alerts:Webhooks:0:Secret", ex.Message, StringComparison.Ordinal);
    }
}
