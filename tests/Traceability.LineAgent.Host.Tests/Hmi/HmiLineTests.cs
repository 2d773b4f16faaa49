namespace Traceability.LineAgent.Host.Tests.Hmi;

/// <summary>Tests over a fresh <see cref="HmiLine"/> each (the seeded line) and a client of it.</summary>
public abstract class HmiLineTests : IAsyncLifetime
{
    private HmiLine? _line;
    private HttpClient? _client;

    internal HmiLine Line => _line ?? throw new InvalidOperationException("The line starts in InitializeAsync.");

    protected HttpClient Client => _client ?? throw new InvalidOperationException("The line starts in InitializeAsync.");

    public async Task InitializeAsync()
    {
        _line = await HmiLine.StartAsync();
        _client = _line.Client();
    }

    public async Task DisposeAsync()
    {
        _client?.Dispose();
        if (_line is not null)
        {
            await _line.DisposeAsync();
        }
    }
}
