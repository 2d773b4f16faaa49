using Microsoft.Extensions.Diagnostics.HealthChecks;
using Traceability.CentralApi.Storage;

namespace Traceability.CentralApi.Observability;

/// <summary>Healthy while the central store answers with a migrated schema (<see cref="ICentralStore.CheckHealthAsync"/>).</summary>
internal sealed class StorageHealthCheck(ICentralStore store) : IHealthCheck
{
    public const string Name = "storage";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await store.CheckHealthAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Any failure of the database is the answer, not an error of the check.
            return new HealthCheckResult(context.Registration.FailureStatus, $"Central storage: {ex.Message}", ex);
        }
    }
}
