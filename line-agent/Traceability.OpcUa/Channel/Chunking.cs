using System.Buffers.Binary;
using Traceability.OpcUa.Encoding;

namespace Traceability.OpcUa.Channel;

/// <summary>One received chunk after its headers are parsed (Part 6 §6.7.2).</summary>
internal readonly record struct Chunk(string MessageType, char ChunkType, uint ChannelId, uint TokenId, uint SequenceNumber, uint RequestId, ReadOnlyMemory<byte> Body);

/// <summary>Splits messages into chunks and parses received chunks; SecurityPolicy None, so no signature or padding.</summary>
internal static class Chunking
{
    public const string SecurityPolicyNone = "http://opcfoundation.org/UA/SecurityPolicy#None";

    /// <summary>Splits <paramref name="body"/> into chunks of at most <paramref name="maxChunkSize"/> bytes each, 'C' then a final 'F'.</summary>
    /// <remarks>MSG and CLO carry the token id as security header, OPN the asymmetric header with policy None.</remarks>
    public static List<byte[]> Split(string messageType, uint channelId, uint tokenId, ReadOnlySpan<byte> body, uint requestId, Func<uint> nextSequenceNumber, int maxChunkSize, int maxChunkCount)
    {
        var security = new UaWriter(64);
        if (messageType == "OPN")
        {
            security.WriteString(SecurityPolicyNone);
            security.WriteByteString(null);
            security.WriteByteString(null);
        }
        else
        {
            security.WriteUInt32(tokenId);
        }

        var overhead = 12 + security.Length + 8;
        var maxBody = maxChunkSize - overhead;
        if (maxBody <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(maxChunkSize), $"A chunk of {maxChunkSize} bytes cannot hold the {overhead} header bytes.");
        }

        var count = Math.Max(1, (body.Length + maxBody - 1) / maxBody);
        if (maxChunkCount > 0 && count > maxChunkCount)
        {
            throw new OpcUaException($"Sending a {body.Length}-byte message needs {count} chunks, the server takes {maxChunkCount}", new StatusCode(0x80B80000));
        }

        var chunks = new List<byte[]>(count);
        for (var i = 0; i < count; i++)
        {
            var part = body.Slice(i * maxBody, Math.Min(maxBody, body.Length - (i * maxBody)));
            var chunk = new byte[overhead + part.Length];
            var span = chunk.AsSpan();
            System.Text.Encoding.ASCII.GetBytes(messageType, span[..3]);
            span[3] = i == count - 1 ? (byte)'F' : (byte)'C';
            BinaryPrimitives.WriteUInt32LittleEndian(span[4..], (uint)chunk.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(span[8..], channelId);
            security.Written.Span.CopyTo(span[12..]);
            var at = 12 + security.Length;
            BinaryPrimitives.WriteUInt32LittleEndian(span[at..], nextSequenceNumber());
            BinaryPrimitives.WriteUInt32LittleEndian(span[(at + 4)..], requestId);
            part.CopyTo(span[(at + 8)..]);
            chunks.Add(chunk);
        }

        return chunks;
    }

    /// <summary>Parses a whole MSG, OPN or CLO chunk (header included).</summary>
    public static Chunk Parse(ReadOnlyMemory<byte> chunk)
    {
        var reader = new UaReader(chunk);
        var type = System.Text.Encoding.ASCII.GetString(chunk.Span[..3]);
        reader.ReadBytesForHeader(3);
        var chunkType = (char)reader.ReadByte();
        reader.ReadUInt32();
        var channelId = reader.ReadUInt32();
        uint tokenId = 0;
        if (type == "OPN")
        {
            var policy = reader.ReadString();
            reader.ReadByteString();
            reader.ReadByteString();
            if (policy != SecurityPolicyNone)
            {
                throw new OpcUaException($"OpenSecureChannel: the server answered with security policy {policy}", new StatusCode(0x80550000));
            }
        }
        else
        {
            tokenId = reader.ReadUInt32();
        }

        var sequenceNumber = reader.ReadUInt32();
        var requestId = reader.ReadUInt32();
        return new Chunk(type, chunkType, channelId, tokenId, sequenceNumber, requestId, reader.ReadRest());
    }
}

/// <summary>Reassembles chunks into messages per request id: 'C' chunks accumulate until 'F'; 'A' aborts the message.</summary>
internal sealed class ChunkAssembler
{
    private readonly Dictionary<uint, (List<ReadOnlyMemory<byte>> Parts, int Length)> _partial = [];
    private readonly int _maxMessageSize;
    private readonly int _maxChunkCount;

    public ChunkAssembler(int maxMessageSize, int maxChunkCount)
    {
        _maxMessageSize = maxMessageSize;
        _maxChunkCount = maxChunkCount;
    }

    /// <summary>The whole body once the final chunk arrives; null while incomplete.</summary>
    /// <exception cref="OpcUaException">The message was aborted by the sender ('A') or exceeds the limits.</exception>
    public ReadOnlyMemory<byte>? Add(Chunk chunk)
    {
        switch (chunk.ChunkType)
        {
            case 'A':
                _partial.Remove(chunk.RequestId);
                var abort = new UaReader(chunk.Body);
                var code = abort.ReadStatusCode();
                var reason = abort.ReadString();
                throw new OpcUaException($"Response to request {chunk.RequestId} aborted by the server ({reason})", code);
            case 'C' or 'F':
                break;
            default:
                throw new OpcUaException($"Chunk type '{chunk.ChunkType}'", new StatusCode(0x807E0000));
        }

        if (!_partial.TryGetValue(chunk.RequestId, out var entry))
        {
            if (chunk.ChunkType == 'F')
            {
                return chunk.Body;
            }

            entry = ([], 0);
        }

        entry.Parts.Add(chunk.Body);
        entry.Length += chunk.Body.Length;
        if ((_maxMessageSize > 0 && entry.Length > _maxMessageSize) || (_maxChunkCount > 0 && entry.Parts.Count > _maxChunkCount))
        {
            _partial.Remove(chunk.RequestId);
            throw new OpcUaException($"Response to request {chunk.RequestId}: {entry.Length} bytes in {entry.Parts.Count} chunks exceed the limits", new StatusCode(0x80800000));
        }

        if (chunk.ChunkType == 'C')
        {
            _partial[chunk.RequestId] = entry;
            return null;
        }

        _partial.Remove(chunk.RequestId);
        var body = new byte[entry.Length];
        var at = 0;
        foreach (var part in entry.Parts)
        {
            part.Span.CopyTo(body.AsSpan(at));
            at += part.Length;
        }

        return body;
    }
}
