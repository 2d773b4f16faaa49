namespace Traceability.LineAgent.Storage;

/// <summary>A change waiting for the group committer, and the caller's task that completes when it is durable.</summary>
internal abstract class PendingChange
{
    private const int Queued = 0;
    private const int Started = 1;
    private const int Cancelled = 2;
    private int _state;

    /// <summary>Claims the change for running; false when its caller cancelled first.</summary>
    public bool TryStart() => Interlocked.CompareExchange(ref _state, Started, Queued) == Queued;

    /// <summary>Runs the change; may be called again after a rollback caused by another change of the group.</summary>
    public abstract void Run(LineStoreTransaction transaction);

    /// <summary>The change is durable: hand the result to the caller.</summary>
    public abstract void Succeed();

    public abstract void Fail(Exception exception);

    protected bool TryCancel() => Interlocked.CompareExchange(ref _state, Cancelled, Queued) == Queued;
}

internal sealed class PendingChange<T> : PendingChange
{
    private readonly Func<LineStoreTransaction, T> _change;
    private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private CancellationTokenRegistration _registration;
    private T? _result;

    public PendingChange(Func<LineStoreTransaction, T> change) => _change = change;

    public Task<T> Task => _completion.Task;

    /// <summary>Until the committer starts the change, cancelling drops it; after that the caller learns the real outcome.</summary>
    public void CancelWith(CancellationToken cancellationToken)
    {
        if (cancellationToken.CanBeCanceled)
        {
            _registration = cancellationToken.Register(() =>
            {
                if (TryCancel())
                {
                    _completion.TrySetCanceled(cancellationToken);
                }
            });
        }
    }

    public override void Run(LineStoreTransaction transaction) => _result = _change(transaction);

    public override void Succeed()
    {
        _registration.Dispose();
        _completion.TrySetResult(_result!);
    }

    public override void Fail(Exception exception)
    {
        _registration.Dispose();
        _completion.TrySetException(exception);
    }
}
