using System.Collections.Concurrent;
using System.Net;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Traceability.CentralApi.Tests.Grpc;
using Traceability.Contracts.Line.V1;

namespace Traceability.CentralApi.Tests.Security;

public sealed class NoKeysTests : IDisposable
{
    private readonly LogCapture _logs = new();
    private readonly CentralApiFactory _factory = new() { WithoutKeys = true };

    public void Dispose()
    {
        _factory.Dispose();
        _logs.Dispose();
    }

    [Fact]
    public async Task Central_starts_without_keys_warns_and_refuses_protected_calls()
    {
        using var host = _factory.WithWebHostBuilder(b => b.ConfigureServices(s => s.AddSingleton<ILoggerProvider>(_logs)));
        using var http = host.CreateClient();

        using var health = await http.GetAsync(new Uri("/healthz", UriKind.Relative));
        using var progress = await http.GetAsync(new Uri("/api/lines/line-1/progress", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, progress.StatusCode);
        var warning = Assert.Single(_logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("Auth:ApiKeys", StringComparison.Ordinal));
        Assert.Contains("refuses every request until keys are configured", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_keys_no_made_up_key_opens_line_sync()
    {
        var client = new LineSync.LineSyncClient(_factory.Channel(CentralApiFactory.LineKey("line-1")));

        var ex = await Assert.ThrowsAsync<RpcException>(async () => await client.HeartbeatAsync(new HeartbeatRequest { LineId = "line-1" }));

        Assert.Equal(StatusCode.Unauthenticated, ex.StatusCode);
    }

    private sealed class LogCapture : ILoggerProvider
    {
        public ConcurrentQueue<(LogLevel Level, string Message)> Entries { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(Entries);

        public void Dispose()
        {
        }

        private sealed class Logger(ConcurrentQueue<(LogLevel Level, string Message)> entries) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                entries.Enqueue((logLevel, formatter(state, exception)));
        }
    }
}
