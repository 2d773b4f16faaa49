namespace Traceability.Benchmarks.Load;

/// <summary>Central as a load run sees it: where it listens and, when it runs in its own process, that process's CPU and memory.</summary>
internal interface ICentralHost : IAsyncDisposable
{
    Uri Address { get; }

    /// <summary>How central runs, for the run's header line.</summary>
    string Description { get; }

    /// <summary>Central's own CPU time so far; null when central runs in the benchmark process (its CPU is then the client's).</summary>
    TimeSpan? CpuTime();

    /// <summary>Central's peak resident memory so far (VmHWM), if it has its own process.</summary>
    string? PeakMemory();

    /// <summary>Starts central with <paramref name="settings"/> (configuration keys), in its own process unless <see cref="LoadOptions.InProcess"/>.</summary>
    static async Task<ICentralHost> StartAsync(LoadOptions options, IReadOnlyDictionary<string, string?> settings, string folder) =>
        options.InProcess
            ? await InProcessCentral.StartAsync(settings, folder)
            : await CentralProcess.StartAsync(settings, options.CentralEnvironment, folder);
}
