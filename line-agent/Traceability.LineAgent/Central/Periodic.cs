using Traceability.LineAgent.Storage;

namespace Traceability.LineAgent.Central;

/// <summary>
/// Runs a round at once and then every interval until stopped. A round that fails is reported and the next one runs
/// on time; only the stop and a failed line store end the loop.
/// </summary>
internal static class Periodic
{
    public static async Task RunAsync(TimeSpan interval, TimeProvider time, Func<CancellationToken, Task> round, Action<Exception> failed, CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(interval, time);
        try
        {
            do
            {
                try
                {
                    await round(stoppingToken);
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested && e is not LineStoreFaultedException)
                {
                    failed(e);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (Exception) when (stoppingToken.IsCancellationRequested)
        {
            // Stopped: a call cut short by the stop ends as OperationCanceledException or RpcException(Cancelled).
        }
    }
}
