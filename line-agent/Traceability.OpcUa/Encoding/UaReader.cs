using System.Buffers.Binary;

namespace Traceability.OpcUa.Encoding;

/// <summary>OPC UA binary decoder (Part 6 §5.2) over one reassembled message body.</summary>
internal sealed class UaReader
{
    // Limits against a garbled or hostile peer: no allocation larger than the message itself.
    private const int MaxNesting = 32;
    private readonly ReadOnlyMemory<byte> _data;
    private int _depth;

    public UaReader(ReadOnlyMemory<byte> data) => _data = data;

    public int Position { get; private set; }

    public int Remaining => _data.Length - Position;

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count < 0 || count > Remaining)
        {
            throw new OpcUaException($"Decoding: {count} bytes wanted at offset {Position}, {Remaining} left", new StatusCode(0x80070000));
        }

        var span = _data.Span.Slice(Position, count);
        Position += count;
        return span;
    }

    public void ReadBytesForHeader(int count) => Take(count);

    public ReadOnlyMemory<byte> ReadRest()
    {
        var rest = _data[Position..];
        Position = _data.Length;
        return rest;
    }

    public bool ReadBoolean() => Take(1)[0] != 0;

    public sbyte ReadSByte() => unchecked((sbyte)Take(1)[0]);

    public byte ReadByte() => Take(1)[0];

    public short ReadInt16() => BinaryPrimitives.ReadInt16LittleEndian(Take(2));

    public ushort ReadUInt16() => BinaryPrimitives.ReadUInt16LittleEndian(Take(2));

    public int ReadInt32() => BinaryPrimitives.ReadInt32LittleEndian(Take(4));

    public uint ReadUInt32() => BinaryPrimitives.ReadUInt32LittleEndian(Take(4));

    public long ReadInt64() => BinaryPrimitives.ReadInt64LittleEndian(Take(8));

    public ulong ReadUInt64() => BinaryPrimitives.ReadUInt64LittleEndian(Take(8));

    public float ReadFloat() => BinaryPrimitives.ReadSingleLittleEndian(Take(4));

    public double ReadDouble() => BinaryPrimitives.ReadDoubleLittleEndian(Take(8));

    public string? ReadString()
    {
        var length = ReadInt32();
        return length < 0 ? null : System.Text.Encoding.UTF8.GetString(Take(length));
    }

    public byte[]? ReadByteString()
    {
        var length = ReadInt32();
        return length < 0 ? null : Take(length).ToArray();
    }

    public DateTime ReadDateTime()
    {
        var ticks = ReadInt64();
        if (ticks <= 0)
        {
            return DateTime.MinValue;
        }

        return ticks >= DateTime.MaxValue.Ticks - UaWriter.UaEpoch.Ticks ? DateTime.MaxValue : new DateTime(UaWriter.UaEpoch.Ticks + ticks, DateTimeKind.Utc);
    }

    public Guid ReadGuid() => new(Take(16));

    public StatusCode ReadStatusCode() => new(ReadUInt32());

    public NodeId ReadNodeId() => ReadNodeId(out _);

    private NodeId ReadNodeId(out byte flags)
    {
        var encoding = ReadByte();
        flags = (byte)(encoding & 0xC0);
        return (encoding & 0x3F) switch
        {
            0x00 => NodeId.Numeric(0, ReadByte()),
            0x01 => NodeId.Numeric(ReadByte(), ReadUInt16()),
            0x02 => NodeId.Numeric(ReadUInt16(), ReadUInt32()),
            0x03 => NodeId.String(ReadUInt16(), ReadString() ?? ""),
            0x04 => NodeId.Guid(ReadUInt16(), ReadGuid()),
            0x05 => NodeId.Opaque(ReadUInt16(), ReadByteString() ?? []),
            _ => throw new OpcUaException($"Decoding: NodeId encoding 0x{encoding:X2} at offset {Position - 1}", new StatusCode(0x80070000)),
        };
    }

    /// <summary>Reads an ExpandedNodeId, dropping the namespace URI and server index (this client talks to one server).</summary>
    public NodeId ReadExpandedNodeId()
    {
        var id = ReadNodeId(out var flags);
        if ((flags & 0x80) != 0)
        {
            ReadString();
        }

        if ((flags & 0x40) != 0)
        {
            ReadUInt32();
        }

        return id;
    }

    public QualifiedName ReadQualifiedName() => new(ReadUInt16(), ReadString());

    public LocalizedText ReadLocalizedText()
    {
        var mask = ReadByte();
        var locale = (mask & 1) != 0 ? ReadString() : null;
        var text = (mask & 2) != 0 ? ReadString() : null;
        return new LocalizedText(locale, text);
    }

    public ExtensionObject ReadExtensionObject()
    {
        var typeId = ReadNodeId();
        var encoding = ReadByte();
        return encoding switch
        {
            0 => new ExtensionObject(typeId, null),
            1 or 2 => new ExtensionObject(typeId, ReadByteString()),
            _ => throw new OpcUaException($"Decoding: ExtensionObject encoding {encoding}", new StatusCode(0x80070000)),
        };
    }

    public T[] ReadArray<T>(Func<UaReader, T> read)
    {
        var count = ReadInt32();
        if (count <= 0)
        {
            return [];
        }

        // Every element takes at least one byte: a larger count is a garbled length, not an allocation to make.
        if (count > Remaining)
        {
            throw new OpcUaException($"Decoding: array of {count} with {Remaining} bytes left", new StatusCode(0x80070000));
        }

        var items = new T[count];
        for (var i = 0; i < count; i++)
        {
            items[i] = read(this);
        }

        return items;
    }

    public DataValue ReadDataValue()
    {
        var mask = ReadByte();
        var value = (mask & 0x01) != 0 ? ReadVariant() : null;
        var status = (mask & 0x02) != 0 ? ReadStatusCode() : StatusCode.Good;
        DateTime? source = (mask & 0x04) != 0 ? ReadDateTime() : null;
        if ((mask & 0x10) != 0)
        {
            ReadUInt16();
        }

        DateTime? server = (mask & 0x08) != 0 ? ReadDateTime() : null;
        if ((mask & 0x20) != 0)
        {
            ReadUInt16();
        }

        return new DataValue(value, status, source, server);
    }

    /// <summary>Skips a DiagnosticInfo (Part 6 §5.2.2.12); the client reports status codes, not diagnostics.</summary>
    public void SkipDiagnosticInfo()
    {
        if (++_depth > MaxNesting)
        {
            throw new OpcUaException("Decoding: DiagnosticInfo nested too deep", new StatusCode(0x80070000));
        }

        var mask = ReadByte();
        for (var bit = 0; bit < 4; bit++)
        {
            if ((mask & (1 << bit)) != 0)
            {
                ReadInt32();
            }
        }

        if ((mask & 0x10) != 0)
        {
            ReadString();
        }

        if ((mask & 0x20) != 0)
        {
            ReadStatusCode();
        }

        if ((mask & 0x40) != 0)
        {
            SkipDiagnosticInfo();
        }

        _depth--;
    }

    public void SkipDiagnosticInfos() => ReadArray(r =>
    {
        r.SkipDiagnosticInfo();
        return 0;
    });

    public object? ReadVariant()
    {
        if (++_depth > MaxNesting)
        {
            throw new OpcUaException("Decoding: Variant nested too deep", new StatusCode(0x80070000));
        }

        var mask = ReadByte();
        var type = (BuiltInType)(mask & 0x3F);
        object? result;
        if ((mask & 0x80) == 0)
        {
            result = ReadScalar(type);
        }
        else
        {
            var count = ReadInt32();
            if (count > Remaining)
            {
                throw new OpcUaException($"Decoding: Variant array of {count} with {Remaining} bytes left", new StatusCode(0x80070000));
            }

            var array = Array.CreateInstance(ClrType(type), Math.Max(count, 0));
            for (var i = 0; i < count; i++)
            {
                array.SetValue(ReadScalar(type), i);
            }

            // Multi-dimensional arrays arrive flattened with their dimensions: the flat array is returned.
            if ((mask & 0x40) != 0)
            {
                ReadArray(r => r.ReadInt32());
            }

            result = array;
        }

        _depth--;
        return result;
    }

    private static Type ClrType(BuiltInType type) => type switch
    {
        BuiltInType.Boolean => typeof(bool),
        BuiltInType.SByte => typeof(sbyte),
        BuiltInType.Byte => typeof(byte),
        BuiltInType.Int16 => typeof(short),
        BuiltInType.UInt16 => typeof(ushort),
        BuiltInType.Int32 => typeof(int),
        BuiltInType.UInt32 => typeof(uint),
        BuiltInType.Int64 => typeof(long),
        BuiltInType.UInt64 => typeof(ulong),
        BuiltInType.Float => typeof(float),
        BuiltInType.Double => typeof(double),
        BuiltInType.String or BuiltInType.XmlElement => typeof(string),
        BuiltInType.DateTime => typeof(DateTime),
        BuiltInType.Guid => typeof(Guid),
        BuiltInType.ByteString => typeof(byte[]),
        BuiltInType.NodeId or BuiltInType.ExpandedNodeId => typeof(NodeId),
        BuiltInType.StatusCode => typeof(StatusCode),
        BuiltInType.QualifiedName => typeof(QualifiedName),
        BuiltInType.LocalizedText => typeof(LocalizedText),
        BuiltInType.ExtensionObject => typeof(ExtensionObject),
        BuiltInType.DataValue => typeof(DataValue),
        _ => typeof(object),
    };

    private object? ReadScalar(BuiltInType type)
    {
        switch (type)
        {
            case BuiltInType.Null: return null;
            case BuiltInType.Boolean: return ReadBoolean();
            case BuiltInType.SByte: return ReadSByte();
            case BuiltInType.Byte: return ReadByte();
            case BuiltInType.Int16: return ReadInt16();
            case BuiltInType.UInt16: return ReadUInt16();
            case BuiltInType.Int32: return ReadInt32();
            case BuiltInType.UInt32: return ReadUInt32();
            case BuiltInType.Int64: return ReadInt64();
            case BuiltInType.UInt64: return ReadUInt64();
            case BuiltInType.Float: return ReadFloat();
            case BuiltInType.Double: return ReadDouble();
            case BuiltInType.String or BuiltInType.XmlElement: return ReadString();
            case BuiltInType.DateTime: return ReadDateTime();
            case BuiltInType.Guid: return ReadGuid();
            case BuiltInType.ByteString: return ReadByteString();
            case BuiltInType.NodeId: return ReadNodeId();
            case BuiltInType.ExpandedNodeId: return ReadExpandedNodeId();
            case BuiltInType.StatusCode: return ReadStatusCode();
            case BuiltInType.QualifiedName: return ReadQualifiedName();
            case BuiltInType.LocalizedText: return ReadLocalizedText();
            case BuiltInType.ExtensionObject: return ReadExtensionObject();
            case BuiltInType.DataValue: return ReadDataValue();
            case BuiltInType.Variant: return ReadVariant();
            case BuiltInType.DiagnosticInfo:
                SkipDiagnosticInfo();
                return null;
            default:
                throw new OpcUaException($"Decoding: Variant type {(byte)type} at offset {Position}", new StatusCode(0x80070000));
        }
    }
}
