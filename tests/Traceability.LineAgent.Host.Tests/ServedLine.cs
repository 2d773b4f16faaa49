using Microsoft.AspNetCore.Builder;
using Traceability.LineAgent.Host.Api;
using Traceability.LineAgent.Storage;
using Traceability.Testing;

namespace Traceability.LineAgent.Host.Tests;

/// <summary>
/// What the test lines share (<see cref="Api.ApiLine"/>, <see cref="Hmi.HmiLine"/>): a line store in a temp folder,
/// served by a WebApplication on a real Kestrel port (<see cref="LineWebHost"/>), clients of it, and disposal in order
/// (the app, the store, the folder).
/// </summary>
internal abstract class ServedLine : IAsyncDisposable
{
    private readonly TempDirectory _directory;

    protected ServedLine(TempDirectory directory, LineStore store, WebApplication app)
    {
        _directory = directory;
        Store = store;
        App = app;
    }

    public LineStore Store { get; }

    public WebApplication App { get; }

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>A client of the line; with <paramref name="pin"/>, every request carries it as the engineer PIN.</summary>
    public HttpClient Client(string? pin = null)
    {
        var client = new HttpClient { BaseAddress = BaseAddress };
        if (pin is not null)
        {
            client.DefaultRequestHeaders.Add(WorkOrderEndpoints.PinHeader, pin);
        }

        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        Store.Dispose();
        _directory.Dispose();
    }

    /// <summary>Starts <paramref name="line"/>'s app (disposing the line if it cannot start) and returns the line.</summary>
    protected static async Task<T> ServeAsync<T>(T line)
        where T : ServedLine
    {
        line.BaseAddress = await LineWebHost.StartAsync(line.App, line);
        return line;
    }
}
