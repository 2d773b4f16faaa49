namespace Traceability.OpcUa;

/// <summary>A value with its quality and timestamps, as Read and subscriptions return it (Part 4 §7.11).</summary>
/// <param name="StatusCode">The quality; Bad codes come with no value.</param>
/// <param name="SourceTimestamp">When the device sampled it (UTC).</param>
/// <param name="ServerTimestamp">When the server saw it (UTC).</param>
/// <param name="Value">The typed value: bool, sbyte…ulong, float, double, string, DateTime (UTC), byte[], Guid, StatusCode, NodeId, arrays of these; null when absent.</param>
public sealed record DataValue(object? Value, StatusCode StatusCode = default, DateTime? SourceTimestamp = null, DateTime? ServerTimestamp = null);

/// <summary>A name qualified by a namespace index (browse names).</summary>
public readonly record struct QualifiedName(ushort NamespaceIndex, string? Name)
{
    /// <summary><c>1:Line</c>, or just the name in namespace 0.</summary>
    public override string ToString() => NamespaceIndex == 0 ? Name ?? "" : $"{NamespaceIndex}:{Name}";
}

/// <summary>Human-readable text with an optional locale.</summary>
public sealed record LocalizedText(string? Locale, string? Text)
{
    /// <summary>The text.</summary>
    public override string ToString() => Text ?? "";
}

/// <summary>An encoded structure the client does not decode: its encoding id and body bytes.</summary>
public sealed record ExtensionObject(NodeId TypeId, byte[]? Body);

/// <summary>The node class of a browsed node (Part 3 §8.29).</summary>
public enum NodeClass
{
    /// <summary>Not specified.</summary>
    Unspecified = 0,

    /// <summary>An object (folder, device).</summary>
    Object = 1,

    /// <summary>A variable holding a value.</summary>
    Variable = 2,

    /// <summary>A method.</summary>
    Method = 4,

    /// <summary>An object type.</summary>
    ObjectType = 8,

    /// <summary>A variable type.</summary>
    VariableType = 16,

    /// <summary>A reference type.</summary>
    ReferenceType = 32,

    /// <summary>A data type.</summary>
    DataType = 64,

    /// <summary>A view.</summary>
    View = 128,
}

/// <summary>One child of a browsed node.</summary>
/// <param name="NodeId">The child's node id (local to this server).</param>
/// <param name="BrowseName">The name used in browse paths.</param>
/// <param name="DisplayName">The name shown to people.</param>
/// <param name="NodeClass">Object, Variable, …</param>
/// <param name="ReferenceTypeId">The reference from the parent (Organizes, HasComponent, …).</param>
/// <param name="TypeDefinition">The child's type definition.</param>
public sealed record ReferenceDescription(NodeId NodeId, QualifiedName BrowseName, LocalizedText? DisplayName, NodeClass NodeClass, NodeId ReferenceTypeId, NodeId TypeDefinition);

/// <summary>A change of a monitored value delivered by a subscription.</summary>
/// <param name="NodeId">The monitored node.</param>
/// <param name="Value">The new value with status and timestamps.</param>
/// <param name="IsReconciliation">
/// True when the value was read after a reconnect rather than notified: notifications that fell into the outage are
/// lost, so counters must be reconciled by value (new value − last value seen), never by counting notifications.
/// </param>
public sealed record DataChange(NodeId NodeId, DataValue Value, bool IsReconciliation);

/// <summary>Connection state of an <see cref="OpcUaClient"/>.</summary>
public enum ConnectionState
{
    /// <summary>Not connected (before connect or after dispose).</summary>
    Disconnected,

    /// <summary>First connection in progress.</summary>
    Connecting,

    /// <summary>Secure channel and session are up.</summary>
    Connected,

    /// <summary>The connection was lost; the client is retrying with backoff.</summary>
    Reconnecting,

    /// <summary>Gave up: disposed during reconnect or a non-recoverable error.</summary>
    Faulted,
}
