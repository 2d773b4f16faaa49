using Traceability.Testing;
using Traceability.OpcUa.Channel;
using Traceability.OpcUa.Encoding;

namespace Traceability.OpcUa.Tests;

public sealed class EncodingTests
{
    [Theory]
    [InlineData("i=84", new byte[] { 0x00, 84 })]
    [InlineData("ns=1;i=1000", new byte[] { 0x01, 1, 0xE8, 0x03 })]
    [InlineData("ns=300;i=70000", new byte[] { 0x02, 0x2C, 0x01, 0x70, 0x11, 0x01, 0x00 })]
    [InlineData("ns=1;s=A", new byte[] { 0x03, 1, 0, 1, 0, 0, 0, (byte)'A' })]
    public void NodeId_uses_the_compact_encodings(string text, byte[] expected)
    {
        var writer = new UaWriter();
        writer.WriteNodeId(NodeId.Parse(text));
        Assert.Equal(expected, writer.ToArray());
        Assert.Equal(NodeId.Parse(text), new UaReader(expected).ReadNodeId());
    }

    [Theory]
    [InlineData("ns=1;s=Line.UnitCounter")]
    [InlineData("i=2258")]
    [InlineData("ns=2;g=72962b91-fa75-4ae6-8d28-b404dc7daf63")]
    [InlineData("ns=3;b=AQID")]
    public void NodeId_text_and_binary_round_trip(string text)
    {
        var id = NodeId.Parse(text);
        Assert.Equal(text, id.ToString());
        var writer = new UaWriter();
        writer.WriteNodeId(id);
        Assert.Equal(id, new UaReader(writer.ToArray()).ReadNodeId());
    }

    [Theory]
    [InlineData("ns=x;i=1")]
    [InlineData("ns=1;q=1")]
    [InlineData("")]
    public void Malformed_node_ids_are_refused(string text) => Assert.False(NodeId.TryParse(text, out _));

    [Fact]
    public void DataValue_round_trips_with_status_and_timestamps()
    {
        var source = new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc);
        var value = new DataValue(new[] { 1u, 2u }, new StatusCode(0x40920000), source, source.AddSeconds(1));
        var writer = new UaWriter();
        writer.WriteDataValue(value);
        var read = new UaReader(writer.ToArray()).ReadDataValue();
        Assert.Equal(new[] { 1u, 2u }, read.Value);
        Assert.Equal(value.StatusCode, read.StatusCode);
        Assert.Equal(source, read.SourceTimestamp);
        Assert.Equal(source.AddSeconds(1), read.ServerTimestamp);
    }

    [Fact]
    public void Variant_of_each_scalar_round_trips()
    {
        object[] values = [true, (sbyte)-1, (byte)1, (short)-2, (ushort)2, -3, 3u, -4L, 4UL, 1.5f, 2.5, "s", DateTime.UnixEpoch, Guid.NewGuid(), new byte[] { 9 }, new StatusCode(0x803B0000), NodeId.Parse("ns=1;s=X")];
        foreach (var value in values)
        {
            var writer = new UaWriter();
            writer.WriteVariant(value);
            Assert.Equal(value, new UaReader(writer.ToArray()).ReadVariant());
        }
    }

    [Fact]
    public void Truncated_input_is_a_decoding_error_not_a_crash()
    {
        var e = Assert.Throws<OpcUaException>(() => new UaReader(new byte[] { 12, 0xFF, 0xFF, 0xFF, 0x7F }).ReadVariant());
        Assert.Equal("BadDecodingError", e.StatusCode.Name);
    }

    [Fact]
    public void Status_codes_are_named_with_their_hex_code() =>
        Assert.Equal("BadTypeMismatch (0x80740000)", new StatusCode(0x80740000).ToString());

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(8000)]
    [InlineData(100_000)]
    public void Chunks_fit_the_buffer_and_reassemble(int size)
    {
        var body = Enumerable.Range(0, size).Select(i => (byte)i).ToArray();
        uint sequence = 0;
        var chunks = Chunking.Split("MSG", 7, 3, body, 42, () => ++sequence, 8192, 0);
        Assert.All(chunks, c => Assert.True(c.Length <= 8192));
        Assert.All(chunks[..^1], c => Assert.Equal((byte)'C', c[3]));
        Assert.Equal((byte)'F', chunks[^1][3]);
        var assembler = new ChunkAssembler(0, 0);
        ReadOnlyMemory<byte>? result = null;
        foreach (var chunk in chunks)
        {
            var parsed = Chunking.Parse(chunk);
            Assert.Equal(42u, parsed.RequestId);
            Assert.Equal(3u, parsed.TokenId);
            result = assembler.Add(parsed);
        }

        Assert.Equal(body, result!.Value.ToArray());
        Assert.Equal((uint)chunks.Count, sequence);
    }

    [Fact]
    public void Aborted_message_raises_the_senders_status()
    {
        var abort = new UaWriter();
        abort.WriteUInt32(0x80B90000);
        abort.WriteString("too large");
        var chunk = Chunking.Split("MSG", 1, 1, abort.ToArray(), 5, () => 1, 8192, 0)[0];
        chunk[3] = (byte)'A';
        var e = Assert.Throws<OpcUaException>(() => new ChunkAssembler(0, 0).Add(Chunking.Parse(chunk)));
        Assert.Equal("BadResponseTooLarge", e.StatusCode.Name);
    }

    [Fact]
    public void Too_many_chunks_for_the_server_is_BadRequestTooLarge()
    {
        var e = Assert.Throws<OpcUaException>(() => Chunking.Split("MSG", 1, 1, new byte[100_000], 1, () => 1, 8192, 2));
        Assert.Equal("BadRequestTooLarge", e.StatusCode.Name);
    }
}
