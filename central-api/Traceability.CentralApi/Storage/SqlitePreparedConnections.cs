using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace Traceability.CentralApi.Storage;

/// <summary>
/// SQLite connections kept open with their statements prepared, lent to one batch at a time. A pooled connection
/// forgets its statements when its command is disposed, so a batch on one paid a connection set-up and a compile of
/// every statement; at low rates, where a batch holds one request, that was most of a request's database cost.
/// </summary>
/// <remarks>
/// A lent connection goes back when disposed after <see cref="SqlitePreparedConnection.Keep"/> (its batch committed);
/// one whose batch failed is closed (its state is unknown). At most <see cref="MaxIdle"/> are kept: as many as batches
/// may run at once.
/// </remarks>
internal sealed class SqlitePreparedConnections(Func<CancellationToken, Task<SqliteConnection>> open) : IAsyncDisposable
{
    private const int MaxIdle = 8;
    private readonly ConcurrentStack<SqlitePreparedConnection> _idle = new();
    private volatile bool _disposed;

    /// <summary>An idle connection, or a new one; dispose it to give it back.</summary>
    public async Task<SqlitePreparedConnection> RentAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _idle.TryPop(out var idle) ? idle : new SqlitePreparedConnection(await open(cancellationToken), this);
    }

    internal async ValueTask ReturnAsync(SqlitePreparedConnection connection)
    {
        if (_disposed || _idle.Count >= MaxIdle)
        {
            await connection.CloseAsync();
            return;
        }

        _idle.Push(connection);

        // Disposed meanwhile: nobody else will empty the stack.
        if (_disposed)
        {
            await DisposeIdleAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        await DisposeIdleAsync();
    }

    private async ValueTask DisposeIdleAsync()
    {
        while (_idle.TryPop(out var idle))
        {
            await idle.CloseAsync();
        }
    }
}

/// <summary>An open connection and the statements prepared on it, by text, lent by <see cref="SqlitePreparedConnections"/>.</summary>
internal sealed class SqlitePreparedConnection(SqliteConnection connection, SqlitePreparedConnections owner) : IAsyncDisposable
{
    private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);
    private bool _keep;

    public SqliteConnection Connection { get; } = connection;

    /// <summary>
    /// The command for <paramref name="sql"/> in <paramref name="transaction"/>, prepared the first time with
    /// <paramref name="parameters"/> (name and type, in order; set them through <c>Parameters[i]</c>).
    /// </summary>
    public SqliteCommand Prepared(string sql, SqliteTransaction transaction, params (string Name, SqliteType Type)[] parameters)
    {
        if (!_commands.TryGetValue(sql, out var command))
        {
            command = Connection.CreateCommand();
            command.CommandText = sql;
            command.Transaction = transaction;
            foreach (var (name, type) in parameters)
            {
                command.Parameters.Add(name, type);
            }

            command.Prepare();
            _commands.Add(sql, command);
        }

        command.Transaction = transaction;
        return command;
    }

    /// <summary>The batch succeeded: give the connection back for the next one when disposed.</summary>
    public void Keep() => _keep = true;

    /// <summary>Gives the connection back (after <see cref="Keep"/>) or closes it.</summary>
    public ValueTask DisposeAsync()
    {
        if (_keep)
        {
            _keep = false;
            return owner.ReturnAsync(this);
        }

        return CloseAsync();
    }

    internal async ValueTask CloseAsync()
    {
        foreach (var command in _commands.Values)
        {
            await command.DisposeAsync();
        }

        _commands.Clear();
        await Connection.DisposeAsync();
    }
}
