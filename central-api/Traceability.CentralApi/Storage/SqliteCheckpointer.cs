using Microsoft.Data.Sqlite;

namespace Traceability.CentralApi.Storage;

/// <summary>
/// Copies the central SQLite file's write-ahead log back into the database off the write path. SQLite's automatic
/// checkpoint runs inside the commit that crosses 1,000 log pages, so every few hundred milliseconds at thousands of
/// writes a second one batch's answer waited for a checkpoint (its page copies and the database file's fsync) behind
/// it. The store turns that off on its connections (<c>wal_autocheckpoint=0</c>) and this loop runs a PASSIVE
/// checkpoint on its own connection every <see cref="Interval"/>: PASSIVE waits for no reader or writer, so commits go
/// on while it copies. Durability is unchanged: a commit is durable once its log frames are synced. The cadence is real
/// time (the system clock), not the store's clock: a test's fake clock must not stop or flood the file's upkeep.
/// </summary>
internal sealed class SqliteCheckpointer : IAsyncDisposable
{
    /// <summary>How often the log is checkpointed.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);

    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private long _checkpoints;
    private int _disposed;

    public SqliteCheckpointer(string connectionString)
    {
        _loop = Task.Run(() => RunAsync(connectionString, _stop.Token));
    }

    /// <summary>Checkpoints completed (for tests: the loop is alive).</summary>
    public long Checkpoints => Interlocked.Read(ref _checkpoints);

    /// <summary>Stops the loop; a second call (the store is disposed once per service it is registered as) does nothing.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stop.CancelAsync();
        await _loop.ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task RunAsync(string connectionString, CancellationToken cancellationToken)
    {
        try
        {
            using var timer = new PeriodicTimer(Interval);
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                try
                {
                    await using var connection = new SqliteConnection(connectionString);
                    await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
                    await using var command = connection.CreateCommand();
                    command.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
                    await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                    Interlocked.Increment(ref _checkpoints);
                }
                catch (SqliteException)
                {
                    // The file is busy being created or migrated, or the disk failed: the next tick tries again, and a
                    // failing disk shows in the writes themselves.
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }
}
