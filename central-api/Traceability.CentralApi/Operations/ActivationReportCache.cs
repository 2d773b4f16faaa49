using Microsoft.Extensions.Options;
using Traceability.CentralApi.Storage;

namespace Traceability.CentralApi.Operations;

/// <summary>The activation rates the operations page shows, by region and by batch, and when they were counted.</summary>
internal sealed record ActivationReports(IReadOnlyList<ActivationReportRow> ByRegion, IReadOnlyList<ActivationReportRow> ByBatch, DateTimeOffset At);

/// <summary>
/// Keeps the operations page's activation rates for <see cref="OperationsOptions.ReportLifetime"/>: each is a count over
/// every unit shipped or commissioned (seconds of database time at ten million units), so views within the lifetime,
/// from any number of staff, share one count, and views arriving while one is counted wait for it rather than start
/// another. The count runs on the application's stopping token, not a viewer's, so a viewer who leaves does not cancel
/// it for the others.
/// </summary>
internal sealed class ActivationReportCache(
    IActivationStore activations, IOptions<OperationsOptions> options, TimeProvider time, IHostApplicationLifetime lifetime)
{
    private readonly Lock _lock = new();
    private ActivationReports? _last;
    private Task<ActivationReports>? _counting;

    public Task<ActivationReports> GetAsync(CancellationToken cancellationToken)
    {
        Task<ActivationReports> counting;
        lock (_lock)
        {
            if (_last is { } last && time.GetUtcNow() - last.At < options.Value.ReportLifetime)
            {
                return Task.FromResult(last);
            }

            // On the thread pool: a count that completed on this thread would clear _counting (below) before this line
            // set it, leaving a finished count in place for good. Another thread's finally waits for this lock instead.
            _counting ??= Task.Run(CountAsync);
            counting = _counting;
        }

        return counting.WaitAsync(cancellationToken);
    }

    private async Task<ActivationReports> CountAsync()
    {
        try
        {
            var stopping = lifetime.ApplicationStopping;
            var at = time.GetUtcNow();
            var byRegion = await activations.GetActivationReportAsync(ActivationGrouping.Region, stopping).ConfigureAwait(false);
            var byBatch = await activations.GetActivationReportAsync(ActivationGrouping.Batch, stopping).ConfigureAwait(false);
            var reports = new ActivationReports(byRegion, byBatch, at);
            lock (_lock)
            {
                _last = reports;
            }

            return reports;
        }
        finally
        {
            lock (_lock)
            {
                _counting = null;
            }
        }
    }
}
