using System.Globalization;
using System.Text;

namespace Traceability.OpcUa;

/// <summary>How a <see cref="NodeId"/> identifies its node inside its namespace.</summary>
public enum NodeIdType
{
    /// <summary>A UInt32, text form <c>i=</c>.</summary>
    Numeric,

    /// <summary>A string, text form <c>s=</c>.</summary>
    String,

    /// <summary>A GUID, text form <c>g=</c>.</summary>
    Guid,

    /// <summary>An opaque byte string, text form <c>b=</c> (base64).</summary>
    Opaque,
}

/// <summary>
/// An OPC UA node identifier: namespace index plus a numeric, string, GUID or opaque identifier.
/// Text form as in OPC UA Part 6 §5.3.1.10: <c>ns=1;s=Line.UnitCounter</c>, <c>i=2258</c>.
/// </summary>
public readonly record struct NodeId
{
    private readonly object? _identifier;

    private NodeId(ushort namespaceIndex, NodeIdType type, object identifier)
    {
        NamespaceIndex = namespaceIndex;
        Type = type;
        _identifier = identifier;
    }

    /// <summary>The null node id (ns=0;i=0).</summary>
    public static NodeId Null => default;

    /// <summary>The index into the server's namespace array.</summary>
    public ushort NamespaceIndex { get; }

    /// <summary>The kind of identifier.</summary>
    public NodeIdType Type { get; }

    /// <summary>The identifier: a <see cref="uint"/>, <see cref="string"/>, <see cref="System.Guid"/> or <see cref="byte"/>[] by <see cref="Type"/>.</summary>
    public object Identifier => _identifier ?? 0u;

    /// <summary>True for ns=0;i=0.</summary>
    public bool IsNull => NamespaceIndex == 0 && Type == NodeIdType.Numeric && (uint)Identifier == 0;

    /// <summary>A numeric node id.</summary>
    public static NodeId Numeric(ushort namespaceIndex, uint value) => new(namespaceIndex, NodeIdType.Numeric, value);

    /// <summary>A string node id.</summary>
    public static NodeId String(ushort namespaceIndex, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(namespaceIndex, NodeIdType.String, value);
    }

    /// <summary>A GUID node id.</summary>
    public static NodeId Guid(ushort namespaceIndex, Guid value) => new(namespaceIndex, NodeIdType.Guid, value);

    /// <summary>An opaque node id.</summary>
    public static NodeId Opaque(ushort namespaceIndex, byte[] value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(namespaceIndex, NodeIdType.Opaque, value.ToArray());
    }

    /// <summary>Parses the text form (<c>ns=1;s=Line.UnitCounter</c>, <c>i=84</c>, <c>ns=2;g=…</c>, <c>ns=3;b=base64</c>).</summary>
    /// <exception cref="FormatException">The text is not a node id; the message says why.</exception>
    public static NodeId Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text, out var id, out var error) ? id : throw new FormatException($"\"{text}\" is not a node id: {error}");
    }

    /// <summary>Parses the text form; false when it is not a node id.</summary>
    public static bool TryParse(string? text, out NodeId nodeId) => TryParse(text, out nodeId, out _);

    private static bool TryParse(string? text, out NodeId nodeId, out string error)
    {
        nodeId = default;
        if (string.IsNullOrEmpty(text))
        {
            error = "it is empty";
            return false;
        }

        ushort ns = 0;
        var rest = text.AsSpan();
        if (rest.StartsWith("ns=", StringComparison.Ordinal))
        {
            var semicolon = rest.IndexOf(';');
            if (semicolon < 0 || !ushort.TryParse(rest[3..semicolon], NumberStyles.None, CultureInfo.InvariantCulture, out ns))
            {
                error = "the namespace index must be ns=<0..65535>;";
                return false;
            }

            rest = rest[(semicolon + 1)..];
        }

        if (rest.Length < 2 || rest[1] != '=')
        {
            error = "expected i=, s=, g= or b= after the namespace";
            return false;
        }

        var value = rest[2..];
        switch (rest[0])
        {
            case 'i' when uint.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number):
                nodeId = Numeric(ns, number);
                break;
            case 's':
                nodeId = String(ns, value.ToString());
                break;
            case 'g' when System.Guid.TryParse(value, out var guid):
                nodeId = Guid(ns, guid);
                break;
            case 'b':
                try
                {
                    nodeId = Opaque(ns, Convert.FromBase64String(value.ToString()));
                }
                catch (FormatException)
                {
                    error = "b= needs base64";
                    return false;
                }

                break;
            default:
                error = $"'{rest[0]}={value}' is not a valid identifier";
                return false;
        }

        error = "";
        return true;
    }

    /// <inheritdoc/>
    public bool Equals(NodeId other) =>
        NamespaceIndex == other.NamespaceIndex && Type == other.Type &&
        (Type == NodeIdType.Opaque ? ((byte[])Identifier).AsSpan().SequenceEqual((byte[])other.Identifier) : Identifier.Equals(other.Identifier));

    /// <inheritdoc/>
    public override int GetHashCode() =>
        Type == NodeIdType.Opaque ? HashCode.Combine(NamespaceIndex, Convert.ToBase64String((byte[])Identifier)) : HashCode.Combine(NamespaceIndex, Type, Identifier);

    /// <summary>The text form, e.g. <c>ns=1;s=Line.UnitCounter</c>.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        if (NamespaceIndex != 0)
        {
            sb.Append(CultureInfo.InvariantCulture, $"ns={NamespaceIndex};");
        }

        sb.Append(Type switch
        {
            NodeIdType.Numeric => string.Create(CultureInfo.InvariantCulture, $"i={(uint)Identifier}"),
            NodeIdType.String => "s=" + (string)Identifier,
            NodeIdType.Guid => "g=" + ((Guid)Identifier).ToString(),
            _ => "b=" + Convert.ToBase64String((byte[])Identifier),
        });
        return sb.ToString();
    }
}
