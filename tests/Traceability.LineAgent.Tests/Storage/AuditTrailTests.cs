using LiteDB;
using Traceability.LineAgent.Storage;
using static Traceability.LineAgent.Tests.Storage.StoreBuilders;

namespace Traceability.LineAgent.Tests.Storage;

public sealed class AuditTrailTests : IDisposable
{
    private readonly TestStore _store = new();

    [Fact]
    public async Task Each_record_links_to_the_previous_one_and_the_chain_verifies()
    {
        var records = new List<AuditRecord>();
        for (var i = 1; i <= 5; i++)
        {
            var subject = "printer-" + i;
            records.Add(await _store.Commit(tx => tx.RecordManualAction(new OperatorAction("op-1", "ribbon changed"), "printer.service", subject)));
            _store.Time.Advance(TimeSpan.FromMinutes(1));
        }

        Assert.Equal([1L, 2, 3, 4, 5], records.Select(r => r.Sequence));
        Assert.Equal(AuditChainGenesis, records[0].PreviousHash);
        Assert.All(records.Skip(1).Zip(records), pair => Assert.Equal(pair.Second.Hash, pair.First.PreviousHash));
        Assert.Equal(new AuditVerification(5, null, null), _store.Store.VerifyAuditChain());
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 8, 4, 0, TimeSpan.Zero), _store.Store.ReadAudit(5, 1)[0].At);
    }

    [Fact]
    public async Task A_record_changed_in_the_file_is_named_by_verification()
    {
        await FiveRecordsAsync();
        _store.Store.Dispose();

        Tamper(audit =>
        {
            var doc = audit.FindById(3);
            doc["why"] = "nothing to see";
            audit.Update(doc);
        });

        var result = _store.Reopen().VerifyAuditChain();
        Assert.Equal(3, result.FirstBrokenSequence);
        Assert.Contains("record 3 (printer.service printer-3 by op-1) was changed", result.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_record_rewritten_with_a_fresh_hash_breaks_the_next_link()
    {
        await FiveRecordsAsync();
        _store.Store.Dispose();

        Tamper(audit =>
        {
            var doc = audit.FindById(2);
            var forged = StoreDocumentsAudit(doc) with { OperatorId = "someone-else" };
            audit.Update(ToDocument(forged with { Hash = HashOf(forged) }));
        });

        var result = _store.Reopen().VerifyAuditChain();
        Assert.Equal(3, result.FirstBrokenSequence);
        Assert.Contains("record 3 links to", result.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_record_removed_from_the_middle_is_named()
    {
        await FiveRecordsAsync();
        _store.Store.Dispose();

        Tamper(audit => audit.Delete(4));

        Assert.Equal((4L, "record 4 is missing: the next record is 5"), Broken(_store.Reopen().VerifyAuditChain()));
    }

    [Fact]
    public async Task Records_removed_from_the_end_are_named()
    {
        await FiveRecordsAsync();
        _store.Store.Dispose();

        Tamper(audit =>
        {
            audit.Delete(5);
            audit.Delete(4);
        });

        Assert.Equal((4L, "records 4 to 5 are missing from the end of the trail"), Broken(_store.Reopen().VerifyAuditChain()));
    }

    [Fact]
    public async Task A_change_rolled_back_leaves_no_record_and_no_gap()
    {
        await _store.Commit(tx => tx.RecordManualAction(Operator, "a", "1"));
        await Assert.ThrowsAsync<InvalidOperationException>(() => _store.Commit(tx =>
        {
            tx.RecordManualAction(Operator, "b", "2");
            throw new InvalidOperationException("operator cancelled");
        }));
        await _store.Commit(tx => tx.RecordManualAction(Operator, "c", "3"));

        Assert.Equal(["a", "c"], _store.Store.ReadAudit(1, 10).Select(a => a.Action));
        Assert.True(_store.Store.VerifyAuditChain().IsIntact);
    }

    public void Dispose() => _store.Dispose();

    private static string AuditChainGenesis => new('0', 64);

    private static (long?, string?) Broken(AuditVerification v) => (v.FirstBrokenSequence, v.Problem);

    private async Task FiveRecordsAsync()
    {
        for (var i = 1; i <= 5; i++)
        {
            var subject = "printer-" + i;
            await _store.Commit(tx => tx.RecordManualAction(new OperatorAction("op-1", "ribbon changed"), "printer.service", subject));
        }
    }

    /// <summary>Edits the audit collection with plain LiteDB, as someone with the file and a LiteDB tool could.</summary>
    private void Tamper(Action<ILiteCollection<BsonDocument>> edit)
    {
        using (var db = new LiteDatabase($"Filename={_store.Path};Connection=direct"))
        {
            edit(db.GetCollection("audit"));
        }

        // The store flushes its own log; a plain LiteDatabase deletes the log it leaves empty, which the store recreates.
    }

    private static AuditRecord StoreDocumentsAudit(BsonDocument doc) => StoreDocuments.ToAudit(doc);

    private static BsonDocument ToDocument(AuditRecord record) => StoreDocuments.ToDocument(record);

    private static string HashOf(AuditRecord record) => AuditChain.ComputeHash(record);
}
