namespace Traceability.LineAgent.Storage;

/// <summary>What the group committer drives: one LiteDB transaction per group, then one flush to disk.</summary>
internal interface IGroupCommitTarget
{
    /// <summary>Opens a LiteDB transaction on the calling (committer) thread.</summary>
    LineStoreTransaction Begin();

    /// <summary>Writes what the transaction holds back and commits it (to the operating system).</summary>
    void Commit(LineStoreTransaction transaction);

    /// <summary>Discards the open transaction, if LiteDB has not already.</summary>
    void Rollback();

    /// <summary>Makes every committed write durable.</summary>
    void FlushToDisk();

    /// <summary>
    /// Called on the committer thread after each group (<paramref name="idle"/>: nothing is queued); true when it
    /// checkpointed.
    /// </summary>
    bool AfterGroup(bool idle);

    /// <summary>Called once the group is durable, before its callers are told (on the flusher thread).</summary>
    void Durable(LineStoreTransaction transaction);
}
