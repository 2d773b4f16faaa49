namespace Traceability.Core.Lifecycle;

/// <summary>
/// The state of one serial number, after the OPEN-SCS Packaging Serialization Specification as published in
/// OPC 30260 (<c>OPENSCSSerialNumberStateEnum</c>). The numeric values are the OPC UA enumeration values, so a state
/// can be exchanged with an OPEN-SCS server without a mapping table.
/// </summary>
/// <remarks>The legal moves between states are in <see cref="SerialLifecycle"/>.</remarks>
public enum SerialState
{
    /// <summary>Not yet assigned to production or a packaging run (held by the issuer of serial numbers).</summary>
    Unassigned = 0,

    /// <summary>Assigned to production or a packaging run, but not yet allocated to a specific line or work order.</summary>
    Unallocated = 1,

    /// <summary>Allocated to a specific production run: held in a line's serial pool, ready to print.</summary>
    Allocated = 2,

    /// <summary>Void (OPEN-SCS "SN Invalid"): never printed and never to be used; the subject of no further event.</summary>
    Invalid = 3,

    /// <summary>Written to a barcode or RFID tag, but not yet associated with a physical unit.</summary>
    Encoded = 4,

    /// <summary>The printed label was retained as a sample (e.g. in a batch record) and is not on any unit.</summary>
    LabelSampled = 5,

    /// <summary>The printed label was made unusable before it was applied to a unit (misprint, failed verification, torn).</summary>
    LabelScrapped = 6,

    /// <summary>Associated with a physical unit or aggregation that has not yet left production's responsibility.</summary>
    Commissioned = 7,

    /// <summary>The unit is used as a sample for testing or retention and is never made active.</summary>
    Sampled = 8,

    /// <summary>The unit is no longer active (quarantined, on hold, returned) but has not been destroyed.</summary>
    Inactive = 9,

    /// <summary>The unit has been rendered unusable for good.</summary>
    Destroyed = 10,

    /// <summary>The unit has left production's responsibility (shipped); central owns it from here.</summary>
    Released = 11,
}
