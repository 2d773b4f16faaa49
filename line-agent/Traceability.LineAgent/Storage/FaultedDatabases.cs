using LiteDB;

namespace Traceability.LineAgent.Storage;

/// <summary>
/// Where a faulted store leaves its LiteDatabase instead of disposing it. When a write fails inside
/// <c>Commit()</c>, LiteDB 5.0.21 has already moved the transaction's pages to its read cache; the transaction can
/// then be neither rolled back nor disposed (each throws "discarded page must be writable"), and once it becomes
/// unreachable its finalizer throws the same on the finalizer thread, which ends the process. Keeping the database
/// reachable keeps that finalizer from running; a faulted store is not used again and the agent restarts anyway.
/// </summary>
internal static class FaultedDatabases
{
    private static readonly List<LiteDatabase> Parked = [];

    public static void Park(LiteDatabase database)
    {
        lock (Parked)
        {
            Parked.Add(database);
        }
    }
}
