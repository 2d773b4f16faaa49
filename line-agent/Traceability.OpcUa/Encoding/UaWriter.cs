using System.Buffers.Binary;
using System.Text;

namespace Traceability.OpcUa.Encoding;

/// <summary>OPC UA binary encoder (Part 6 §5.2): little-endian, length-prefixed strings and arrays.</summary>
internal sealed class UaWriter
{
    private byte[] _buffer;

    public UaWriter(int capacity = 256) => _buffer = new byte[capacity];

    public int Length { get; private set; }

    public ReadOnlyMemory<byte> Written => _buffer.AsMemory(0, Length);

    public byte[] ToArray() => _buffer.AsSpan(0, Length).ToArray();

    private Span<byte> Grab(int count)
    {
        if (Length + count > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, Length + count));
        }

        var span = _buffer.AsSpan(Length, count);
        Length += count;
        return span;
    }

    public void PatchUInt32(int position, uint value) => BinaryPrimitives.WriteUInt32LittleEndian(_buffer.AsSpan(position, 4), value);

    public void WriteBytes(ReadOnlySpan<byte> bytes) => bytes.CopyTo(Grab(bytes.Length));

    public void WriteBoolean(bool value) => Grab(1)[0] = value ? (byte)1 : (byte)0;

    public void WriteSByte(sbyte value) => Grab(1)[0] = unchecked((byte)value);

    public void WriteByte(byte value) => Grab(1)[0] = value;

    public void WriteInt16(short value) => BinaryPrimitives.WriteInt16LittleEndian(Grab(2), value);

    public void WriteUInt16(ushort value) => BinaryPrimitives.WriteUInt16LittleEndian(Grab(2), value);

    public void WriteInt32(int value) => BinaryPrimitives.WriteInt32LittleEndian(Grab(4), value);

    public void WriteUInt32(uint value) => BinaryPrimitives.WriteUInt32LittleEndian(Grab(4), value);

    public void WriteInt64(long value) => BinaryPrimitives.WriteInt64LittleEndian(Grab(8), value);

    public void WriteUInt64(ulong value) => BinaryPrimitives.WriteUInt64LittleEndian(Grab(8), value);

    public void WriteFloat(float value) => BinaryPrimitives.WriteSingleLittleEndian(Grab(4), value);

    public void WriteDouble(double value) => BinaryPrimitives.WriteDoubleLittleEndian(Grab(8), value);

    public void WriteString(string? value)
    {
        if (value is null)
        {
            WriteInt32(-1);
            return;
        }

        var count = System.Text.Encoding.UTF8.GetByteCount(value);
        WriteInt32(count);
        System.Text.Encoding.UTF8.GetBytes(value, Grab(count));
    }

    public void WriteByteString(ReadOnlySpan<byte> value, bool isNull = false)
    {
        if (isNull)
        {
            WriteInt32(-1);
            return;
        }

        WriteInt32(value.Length);
        WriteBytes(value);
    }

    public void WriteByteString(byte[]? value) => WriteByteString(value, value is null);

    /// <summary>100-ns ticks since 1601-01-01 UTC; MinValue encodes as 0 and MaxValue as Int64.MaxValue (Part 6 §5.2.2.5).</summary>
    public void WriteDateTime(DateTime value)
    {
        if (value == DateTime.MinValue)
        {
            WriteInt64(0);
        }
        else if (value == DateTime.MaxValue)
        {
            WriteInt64(long.MaxValue);
        }
        else
        {
            var utc = value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : value;
            WriteInt64(utc < UaEpoch ? 0 : utc.Ticks - UaEpoch.Ticks);
        }
    }

    internal static readonly DateTime UaEpoch = new(1601, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>Data1..3 little-endian then Data4 as bytes: the layout of <see cref="Guid.TryWriteBytes(Span{byte})"/>.</summary>
    public void WriteGuid(Guid value) => value.TryWriteBytes(Grab(16));

    public void WriteStatusCode(StatusCode value) => WriteUInt32(value.Code);

    /// <summary>The most compact of the two-byte, four-byte, numeric, string, guid and opaque forms.</summary>
    public void WriteNodeId(NodeId value) => WriteNodeId(value, 0);

    private void WriteNodeId(NodeId value, byte flags)
    {
        var ns = value.NamespaceIndex;
        switch (value.Type)
        {
            case NodeIdType.Numeric:
                var id = (uint)value.Identifier;
                if (ns == 0 && id <= byte.MaxValue)
                {
                    WriteByte((byte)(0x00 | flags));
                    WriteByte((byte)id);
                }
                else if (ns <= byte.MaxValue && id <= ushort.MaxValue)
                {
                    WriteByte((byte)(0x01 | flags));
                    WriteByte((byte)ns);
                    WriteUInt16((ushort)id);
                }
                else
                {
                    WriteByte((byte)(0x02 | flags));
                    WriteUInt16(ns);
                    WriteUInt32(id);
                }

                break;
            case NodeIdType.String:
                WriteByte((byte)(0x03 | flags));
                WriteUInt16(ns);
                WriteString((string)value.Identifier);
                break;
            case NodeIdType.Guid:
                WriteByte((byte)(0x04 | flags));
                WriteUInt16(ns);
                WriteGuid((Guid)value.Identifier);
                break;
            default:
                WriteByte((byte)(0x05 | flags));
                WriteUInt16(ns);
                WriteByteString((byte[])value.Identifier);
                break;
        }
    }

    /// <summary>An ExpandedNodeId without namespace URI or server index.</summary>
    public void WriteExpandedNodeId(NodeId value) => WriteNodeId(value, 0);

    public void WriteQualifiedName(QualifiedName value)
    {
        WriteUInt16(value.NamespaceIndex);
        WriteString(value.Name);
    }

    public void WriteLocalizedText(LocalizedText? value)
    {
        var mask = (byte)((value?.Locale is null ? 0 : 1) | (value?.Text is null ? 0 : 2));
        WriteByte(mask);
        if (value?.Locale is not null)
        {
            WriteString(value.Locale);
        }

        if (value?.Text is not null)
        {
            WriteString(value.Text);
        }
    }

    /// <summary>An ExtensionObject with a binary body written by <paramref name="body"/>, length-prefixed.</summary>
    public void WriteExtensionObject(uint encodingId, Action<UaWriter> body)
    {
        WriteNodeId(NodeId.Numeric(0, encodingId));
        WriteByte(1);
        var lengthAt = Length;
        WriteInt32(0);
        body(this);
        PatchUInt32(lengthAt, (uint)(Length - lengthAt - 4));
    }

    public void WriteNullExtensionObject()
    {
        WriteNodeId(NodeId.Null);
        WriteByte(0);
    }

    public void WriteArray<T>(IReadOnlyCollection<T>? items, Action<UaWriter, T> write)
    {
        if (items is null)
        {
            WriteInt32(-1);
            return;
        }

        WriteInt32(items.Count);
        foreach (var item in items)
        {
            write(this, item);
        }
    }

    public void WriteDataValue(DataValue value)
    {
        var mask = (byte)((value.Value is null ? 0 : 0x01) | (value.StatusCode.Code == 0 ? 0 : 0x02) |
                          (value.SourceTimestamp is null ? 0 : 0x04) | (value.ServerTimestamp is null ? 0 : 0x08));
        WriteByte(mask);
        if (value.Value is not null)
        {
            WriteVariant(value.Value);
        }

        if (value.StatusCode.Code != 0)
        {
            WriteStatusCode(value.StatusCode);
        }

        if (value.SourceTimestamp is { } source)
        {
            WriteDateTime(source);
        }

        if (value.ServerTimestamp is { } server)
        {
            WriteDateTime(server);
        }
    }

    /// <summary>Writes a .NET value as a Variant; the built-in type follows from the .NET type (int → Int32, uint → UInt32, …).</summary>
    /// <exception cref="ArgumentException">The type has no OPC UA built-in counterpart.</exception>
    public void WriteVariant(object? value)
    {
        if (value is null)
        {
            WriteByte(0);
            return;
        }

        if (value is byte[] bytes)
        {
            WriteByte((byte)BuiltInType.ByteString);
            WriteByteString(bytes);
            return;
        }

        if (value is Array array)
        {
            if (array.Rank != 1)
            {
                throw new ArgumentException("Only one-dimensional arrays are supported.", nameof(value));
            }

            var elementType = TypeOf(array.GetType().GetElementType()!);
            WriteByte((byte)((byte)elementType | 0x80));
            WriteInt32(array.Length);
            foreach (var item in array)
            {
                WriteScalar(elementType, item);
            }

            return;
        }

        var type = TypeOf(value.GetType());
        WriteByte((byte)type);
        WriteScalar(type, value);
    }

    internal static BuiltInType TypeOf(Type type) => type switch
    {
        _ when type == typeof(bool) => BuiltInType.Boolean,
        _ when type == typeof(sbyte) => BuiltInType.SByte,
        _ when type == typeof(byte) => BuiltInType.Byte,
        _ when type == typeof(short) => BuiltInType.Int16,
        _ when type == typeof(ushort) => BuiltInType.UInt16,
        _ when type == typeof(int) => BuiltInType.Int32,
        _ when type == typeof(uint) => BuiltInType.UInt32,
        _ when type == typeof(long) => BuiltInType.Int64,
        _ when type == typeof(ulong) => BuiltInType.UInt64,
        _ when type == typeof(float) => BuiltInType.Float,
        _ when type == typeof(double) => BuiltInType.Double,
        _ when type == typeof(string) => BuiltInType.String,
        _ when type == typeof(DateTime) => BuiltInType.DateTime,
        _ when type == typeof(Guid) => BuiltInType.Guid,
        _ when type == typeof(byte[]) => BuiltInType.ByteString,
        _ when type == typeof(NodeId) => BuiltInType.NodeId,
        _ when type == typeof(StatusCode) => BuiltInType.StatusCode,
        _ when type == typeof(QualifiedName) => BuiltInType.QualifiedName,
        _ when type == typeof(LocalizedText) => BuiltInType.LocalizedText,
        _ => throw new ArgumentException($"{type.Name} has no OPC UA built-in type; use bool, sbyte…ulong, float, double, string, DateTime, Guid, byte[], NodeId or StatusCode."),
    };

    private void WriteScalar(BuiltInType type, object? value)
    {
        switch (type)
        {
            case BuiltInType.Boolean: WriteBoolean((bool)value!); break;
            case BuiltInType.SByte: WriteSByte((sbyte)value!); break;
            case BuiltInType.Byte: WriteByte((byte)value!); break;
            case BuiltInType.Int16: WriteInt16((short)value!); break;
            case BuiltInType.UInt16: WriteUInt16((ushort)value!); break;
            case BuiltInType.Int32: WriteInt32((int)value!); break;
            case BuiltInType.UInt32: WriteUInt32((uint)value!); break;
            case BuiltInType.Int64: WriteInt64((long)value!); break;
            case BuiltInType.UInt64: WriteUInt64((ulong)value!); break;
            case BuiltInType.Float: WriteFloat((float)value!); break;
            case BuiltInType.Double: WriteDouble((double)value!); break;
            case BuiltInType.String: WriteString((string?)value); break;
            case BuiltInType.DateTime: WriteDateTime((DateTime)value!); break;
            case BuiltInType.Guid: WriteGuid((Guid)value!); break;
            case BuiltInType.ByteString: WriteByteString((byte[]?)value); break;
            case BuiltInType.NodeId: WriteNodeId((NodeId)value!); break;
            case BuiltInType.StatusCode: WriteStatusCode((StatusCode)value!); break;
            case BuiltInType.QualifiedName: WriteQualifiedName((QualifiedName)value!); break;
            case BuiltInType.LocalizedText: WriteLocalizedText((LocalizedText?)value); break;
            default: throw new ArgumentException($"Cannot write {type}.");
        }
    }
}
