using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Traceability.LineAgent.Storage;

/// <summary>The audit trail's hash: SHA-256 over a canonical, unambiguous encoding of one record plus the previous hash.</summary>
internal static class AuditChain
{
    public static readonly string GenesisHash = new('0', 64);

    // Canonical content, version 1: the tag, sequence and UTC ticks as big-endian int64, then each text as a
    // big-endian int32 byte length and its UTF-8 bytes (so "ab"+"c" and "a"+"bc" differ), then the previous hash's 32 bytes.
    private static readonly byte[] Tag = "traceability.audit.v1"u8.ToArray();

    public static string ComputeHash(long sequence, DateTimeOffset at, string operatorId, string action, string subject, string reason, string previousHash)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> number = stackalloc byte[8];
        hash.AppendData(Tag);
        BinaryPrimitives.WriteInt64BigEndian(number, sequence);
        hash.AppendData(number);
        BinaryPrimitives.WriteInt64BigEndian(number, at.UtcTicks);
        hash.AppendData(number);
        AppendText(hash, operatorId);
        AppendText(hash, action);
        AppendText(hash, subject);
        AppendText(hash, reason);
        hash.AppendData(Convert.FromHexString(previousHash));
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    public static string ComputeHash(AuditRecord record) =>
        ComputeHash(record.Sequence, record.At, record.OperatorId, record.Action, record.Subject, record.Reason, record.PreviousHash);

    /// <summary>Checks records in sequence order; the head is what the store last wrote (null when it wrote none).</summary>
    public static AuditVerification Verify(IEnumerable<AuditRecord> records, (long Sequence, string Hash)? head)
    {
        var expectedPrevious = GenesisHash;
        long expectedSequence = 1;
        long checkedCount = 0;
        foreach (var record in records)
        {
            checkedCount++;
            if (record.Sequence != expectedSequence)
            {
                return new AuditVerification(checkedCount, expectedSequence,
                    $"record {expectedSequence} is missing: the next record is {record.Sequence}");
            }

            if (!string.Equals(record.PreviousHash, expectedPrevious, StringComparison.Ordinal))
            {
                return new AuditVerification(checkedCount, record.Sequence,
                    $"record {record.Sequence} links to {record.PreviousHash}, but record {record.Sequence - 1} hashes to {expectedPrevious}");
            }

            var actual = ComputeHash(record);
            if (!string.Equals(actual, record.Hash, StringComparison.Ordinal))
            {
                return new AuditVerification(checkedCount, record.Sequence,
                    $"record {record.Sequence} ({record.Action} {record.Subject} by {record.OperatorId}) was changed: its content hashes to {actual}, not to the stored {record.Hash}");
            }

            expectedPrevious = record.Hash;
            expectedSequence++;
        }

        var last = expectedSequence - 1;
        if (head is { } h && (h.Sequence != last || !string.Equals(h.Hash, expectedPrevious, StringComparison.Ordinal)))
        {
            return h.Sequence > last
                ? new AuditVerification(checkedCount, last + 1, $"records {last + 1} to {h.Sequence} are missing from the end of the trail")
                : new AuditVerification(checkedCount, h.Sequence, $"the trail's head is record {h.Sequence} ({h.Hash}), but the records end at {last} ({expectedPrevious})");
        }

        return new AuditVerification(checkedCount, null, null);
    }

    private static void AppendText(IncrementalHash hash, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, bytes.Length);
        hash.AppendData(length);
        hash.AppendData(bytes);
    }
}
