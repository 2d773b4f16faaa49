using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Traceability.CentralApi.Tests.Alerts;

/// <summary>A request the receiver took, and whether its signature checked out as a receiver would check it.</summary>
public sealed record ReceivedWebhook(string? DeliveryId, string? Event, string? Timestamp, bool SignatureValid, JsonElement Body);

/// <summary>
/// A real webhook receiver: Kestrel on 127.0.0.1, port 0. It recomputes the HMAC from the raw body, the timestamp
/// header and the secret, records every request, and answers from <see cref="Script"/> (then 200); a bad signature is 401.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly byte[] _secret;

    private WebhookReceiver(WebApplication app, string secret)
    {
        _app = app;
        _secret = Encoding.UTF8.GetBytes(secret);
    }

    public ConcurrentQueue<ReceivedWebhook> Received { get; } = new();

    /// <summary>Answers to give, in order: status and an optional Retry-After value.</summary>
    public ConcurrentQueue<(int Status, string? RetryAfter)> Script { get; } = new();

    public Uri Url { get; private set; } = null!;

    public static async Task<WebhookReceiver> StartAsync(string secret)
    {
        var builder = WebApplication.CreateSlimBuilder();

        // The test folder holds central's appsettings.json, whose Kestrel endpoints would win over the URL below.
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app, secret);
        app.Run(receiver.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.Url = new Uri(new Uri(address), "/hook");
        return receiver;
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer);
        var body = buffer.ToArray();
        var timestamp = context.Request.Headers["X-Traceability-Timestamp"].ToString();
        var signature = context.Request.Headers["X-Traceability-Signature"].ToString();

        // What a receiver does: HMAC-SHA256(secret, timestamp + "." + raw body), compared in constant time.
        var signed = Encoding.UTF8.GetBytes(timestamp + ".").Concat(body).ToArray();
        var expected = Encoding.ASCII.GetBytes("sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(_secret, signed)));
        var valid = CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(signature));

        using var json = JsonDocument.Parse(body);
        Received.Enqueue(new ReceivedWebhook(
            context.Request.Headers["X-Traceability-Delivery"].ToString(), context.Request.Headers["X-Traceability-Event"].ToString(), timestamp, valid,
            json.RootElement.Clone()));
        if (!valid)
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }

        if (Script.TryDequeue(out var answer))
        {
            context.Response.StatusCode = answer.Status;
            if (answer.RetryAfter is not null)
            {
                context.Response.Headers.RetryAfter = answer.RetryAfter;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
