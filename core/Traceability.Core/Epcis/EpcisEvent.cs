using System.Text.Json.Nodes;

namespace Traceability.Core.Epcis;

/// <summary>What an event does to the objects it names (EPCIS 2.0 <c>action</c>).</summary>
public enum EpcisAction
{
    /// <summary>ADD: the objects come into being (commissioning) or are added to a parent (packing).</summary>
    Add,

    /// <summary>OBSERVE: the objects were seen; nothing is created or removed.</summary>
    Observe,

    /// <summary>DELETE: the objects cease to exist (decommissioning) or are removed from a parent (unpacking).</summary>
    Delete,
}

/// <summary>A quantity of a class of objects (<c>quantityList</c>, <c>childQuantityList</c> entries).</summary>
/// <param name="EpcClass">The class URI, e.g. <c>urn:epc:class:lgtin:4012345.012345.998877</c>.</param>
/// <param name="Quantity">How many (or how much, with <paramref name="Uom"/>); null when unknown.</param>
/// <param name="Uom">UN/ECE Recommendation 20 unit code (e.g. KGM), or null for a count.</param>
public sealed record QuantityElement(string EpcClass, decimal? Quantity = null, string? Uom = null);

/// <summary>A business transaction the event belongs to (<c>bizTransactionList</c> entry).</summary>
/// <param name="Value">The transaction's URI.</param>
/// <param name="Type">Its type (CBV bare name such as <c>po</c>, or a URI), or null.</param>
public sealed record BizTransaction(string Value, string? Type = null);

/// <summary>A source or destination (<c>sourceList</c> / <c>destinationList</c> entry).</summary>
/// <param name="Type">CBV type (<c>owning_party</c>, <c>possessing_party</c>, <c>location</c>) or a URI.</param>
/// <param name="Id">The party or location URI.</param>
public sealed record SourceDestination(string Type, string Id);

/// <summary>
/// The fields every EPCIS 2.0 event has. Fields of a captured event that the model does not name (certificationInfo,
/// errorDeclaration, sensorElementList, persistentDisposition, vendor extensions such as <c>example:myField</c>) are kept,
/// verbatim, in <see cref="Extensions"/>, so a captured event can be written back without loss.
/// </summary>
public abstract record EpcisEvent
{
    /// <summary>The event type as written in <c>type</c>: ObjectEvent, AggregationEvent, or another type's name.</summary>
    public abstract string Type { get; }

    /// <summary>When it happened.</summary>
    public required DateTimeOffset EventTime { get; init; }

    /// <summary>The local time offset where it happened, <c>+08:00</c> style (EPCIS requires it, even for UTC).</summary>
    public required string EventTimeZoneOffset { get; init; }

    /// <summary>The event's URI (<c>urn:uuid:…</c> or a <c>ni:///sha-256;…</c> hash), or null when the source gave none.</summary>
    public string? EventId { get; init; }

    /// <summary>When the repository recorded it; set by the repository, not the capturing client.</summary>
    public DateTimeOffset? RecordTime { get; init; }

    /// <summary>The business step, CBV bare name (<c>commissioning</c>) or a URI.</summary>
    public string? BizStep { get; init; }

    /// <summary>The disposition after the event, CBV bare name (<c>active</c>) or a URI.</summary>
    public string? Disposition { get; init; }

    /// <summary>Where it was observed (<c>readPoint.id</c>).</summary>
    public string? ReadPoint { get; init; }

    /// <summary>Where the objects are afterwards (<c>bizLocation.id</c>).</summary>
    public string? BizLocation { get; init; }

    /// <summary>Business transactions (<c>bizTransactionList</c>).</summary>
    public IReadOnlyList<BizTransaction> BizTransactions { get; init; } = [];

    /// <summary>Sources (<c>sourceList</c>).</summary>
    public IReadOnlyList<SourceDestination> Sources { get; init; } = [];

    /// <summary>Destinations (<c>destinationList</c>).</summary>
    public IReadOnlyList<SourceDestination> Destinations { get; init; } = [];

    /// <summary>Every other top-level field, by its JSON name (a compact IRI such as <c>example:myField</c> for extensions).</summary>
    public IReadOnlyDictionary<string, JsonNode?> Extensions { get; init; } = EmptyFields;

    /// <summary>The empty field map.</summary>
    protected static IReadOnlyDictionary<string, JsonNode?> EmptyFields { get; } = new Dictionary<string, JsonNode?>();
}

/// <summary>An ObjectEvent: something happened to the listed objects (commissioned, observed, decommissioned…).</summary>
public sealed record ObjectEvent : EpcisEvent
{
    /// <inheritdoc/>
    public override string Type => "ObjectEvent";

    /// <summary>ADD, OBSERVE or DELETE.</summary>
    public required EpcisAction Action { get; init; }

    /// <summary>The instance identifiers (EPC URIs or Digital Link URIs).</summary>
    public IReadOnlyList<string> EpcList { get; init; } = [];

    /// <summary>Class-level quantities.</summary>
    public IReadOnlyList<QuantityElement> QuantityList { get; init; } = [];

    /// <summary>
    /// Instance/lot master data, only with ADD (e.g. <c>cbvmda:lotNumber</c>, <c>cbvmda:itemExpirationDate</c>), by JSON name;
    /// empty when none.
    /// </summary>
    public IReadOnlyDictionary<string, JsonNode?> Ilmd { get; init; } = EmptyFields;
}

/// <summary>An AggregationEvent: children were packed into (ADD) or unpacked from (DELETE) a parent, or observed in it.</summary>
public sealed record AggregationEvent : EpcisEvent
{
    /// <inheritdoc/>
    public override string Type => "AggregationEvent";

    /// <summary>ADD, OBSERVE or DELETE.</summary>
    public required EpcisAction Action { get; init; }

    /// <summary>The container (an SSCC URI for cases and pallets); required except for OBSERVE.</summary>
    public string? ParentId { get; init; }

    /// <summary>The contained instances. Empty with DELETE means all children of the parent.</summary>
    public IReadOnlyList<string> ChildEpcs { get; init; } = [];

    /// <summary>Contained quantities by class.</summary>
    public IReadOnlyList<QuantityElement> ChildQuantityList { get; init; } = [];
}

/// <summary>
/// A captured event of another type (TransactionEvent, TransformationEvent, AssociationEvent or a user-defined type):
/// its type-specific fields stay in <see cref="EpcisEvent.Extensions"/>.
/// </summary>
/// <param name="TypeName">The value of <c>type</c>.</param>
public sealed record OtherEvent(string TypeName) : EpcisEvent
{
    /// <inheritdoc/>
    public override string Type => TypeName;
}
