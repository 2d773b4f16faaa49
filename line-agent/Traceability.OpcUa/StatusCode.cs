using System.Collections.Frozen;
using System.Globalization;

namespace Traceability.OpcUa;

/// <summary>An OPC UA status code (Part 4 §7.39 / Part 6 Annex A): the top two bits say Good, Uncertain or Bad.</summary>
public readonly record struct StatusCode(uint Code)
{
    private static readonly FrozenDictionary<uint, string> Names = new Dictionary<uint, string>
    {
        [0x00000000] = "Good",
        [0x002D0000] = "GoodSubscriptionTransferred",
        [0x002F0000] = "GoodOverload",
        [0x40920000] = "UncertainInitialValue",
        [0x80010000] = "BadUnexpectedError",
        [0x80020000] = "BadInternalError",
        [0x80030000] = "BadOutOfMemory",
        [0x80040000] = "BadResourceUnavailable",
        [0x80050000] = "BadCommunicationError",
        [0x80060000] = "BadEncodingError",
        [0x80070000] = "BadDecodingError",
        [0x80080000] = "BadEncodingLimitsExceeded",
        [0x80B80000] = "BadRequestTooLarge",
        [0x80B90000] = "BadResponseTooLarge",
        [0x80090000] = "BadUnknownResponse",
        [0x800A0000] = "BadTimeout",
        [0x800B0000] = "BadServiceUnsupported",
        [0x800C0000] = "BadShutdown",
        [0x800D0000] = "BadServerNotConnected",
        [0x800E0000] = "BadServerHalted",
        [0x800F0000] = "BadNothingToDo",
        [0x80100000] = "BadTooManyOperations",
        [0x80110000] = "BadDataTypeIdUnknown",
        [0x80130000] = "BadSecurityChecksFailed",
        [0x801F0000] = "BadUserAccessDenied",
        [0x80200000] = "BadIdentityTokenInvalid",
        [0x80210000] = "BadIdentityTokenRejected",
        [0x80220000] = "BadSecureChannelIdInvalid",
        [0x80240000] = "BadNonceInvalid",
        [0x80250000] = "BadSessionIdInvalid",
        [0x80260000] = "BadSessionClosed",
        [0x80270000] = "BadSessionNotActivated",
        [0x80280000] = "BadSubscriptionIdInvalid",
        [0x802A0000] = "BadRequestHeaderInvalid",
        [0x802B0000] = "BadTimestampsToReturnInvalid",
        [0x802C0000] = "BadRequestCancelledByClient",
        [0x80310000] = "BadNoCommunication",
        [0x80320000] = "BadWaitingForInitialData",
        [0x80330000] = "BadNodeIdInvalid",
        [0x80340000] = "BadNodeIdUnknown",
        [0x80350000] = "BadAttributeIdInvalid",
        [0x80360000] = "BadIndexRangeInvalid",
        [0x80370000] = "BadIndexRangeNoData",
        [0x80380000] = "BadDataEncodingInvalid",
        [0x80390000] = "BadDataEncodingUnsupported",
        [0x803A0000] = "BadNotReadable",
        [0x803B0000] = "BadNotWritable",
        [0x803C0000] = "BadOutOfRange",
        [0x803D0000] = "BadNotSupported",
        [0x803E0000] = "BadNotFound",
        [0x803F0000] = "BadObjectDeleted",
        [0x80400000] = "BadNotImplemented",
        [0x80410000] = "BadMonitoringModeInvalid",
        [0x80420000] = "BadMonitoredItemIdInvalid",
        [0x80430000] = "BadMonitoredItemFilterInvalid",
        [0x804A0000] = "BadContinuationPointInvalid",
        [0x804B0000] = "BadNoContinuationPoints",
        [0x804C0000] = "BadReferenceTypeIdInvalid",
        [0x804D0000] = "BadBrowseDirectionInvalid",
        [0x804E0000] = "BadNodeNotInView",
        [0x80550000] = "BadSecurityPolicyRejected",
        [0x80560000] = "BadTooManySessions",
        [0x80570000] = "BadUserSignatureInvalid",
        [0x80600000] = "BadBrowseNameInvalid",
        [0x806B0000] = "BadViewIdUnknown",
        [0x806F0000] = "BadNoMatch",
        [0x80700000] = "BadMaxAgeInvalid",
        [0x80730000] = "BadWriteNotSupported",
        [0x80740000] = "BadTypeMismatch",
        [0x80770000] = "BadTooManySubscriptions",
        [0x80780000] = "BadTooManyPublishRequests",
        [0x80790000] = "BadNoSubscription",
        [0x807A0000] = "BadSequenceNumberUnknown",
        [0x807B0000] = "BadMessageNotAvailable",
        [0x807D0000] = "BadTcpServerTooBusy",
        [0x807E0000] = "BadTcpMessageTypeInvalid",
        [0x807F0000] = "BadTcpSecureChannelUnknown",
        [0x80800000] = "BadTcpMessageTooLarge",
        [0x80810000] = "BadTcpNotEnoughResources",
        [0x80820000] = "BadTcpInternalError",
        [0x80830000] = "BadTcpEndpointUrlInvalid",
        [0x80840000] = "BadRequestInterrupted",
        [0x80850000] = "BadRequestTimeout",
        [0x80860000] = "BadSecureChannelClosed",
        [0x80870000] = "BadSecureChannelTokenUnknown",
        [0x80880000] = "BadSequenceNumberInvalid",
        [0x808A0000] = "BadNotConnected",
        [0x809B0000] = "BadNoData",
        [0x80AB0000] = "BadInvalidArgument",
        [0x80AC0000] = "BadConnectionRejected",
        [0x80AD0000] = "BadDisconnect",
        [0x80AE0000] = "BadConnectionClosed",
        [0x80AF0000] = "BadInvalidState",
        [0x80B00000] = "BadEndOfStream",
        [0x80B10000] = "BadNoDataAvailable",
        [0x80BE0000] = "BadProtocolVersionUnsupported",
        [0x80DB0000] = "BadTooManyMonitoredItems",
    }.ToFrozenDictionary();

    /// <summary>Good (0).</summary>
    public static StatusCode Good => default;

    /// <summary>Severity Good (top two bits 00).</summary>
    public bool IsGood => (Code & 0xC0000000) == 0;

    /// <summary>Severity Bad (top bit set).</summary>
    public bool IsBad => (Code & 0x80000000) != 0;

    /// <summary>Severity Uncertain (top two bits 01).</summary>
    public bool IsUncertain => (Code & 0xC0000000) == 0x40000000;

    /// <summary>The symbolic name of the code (ignoring the info bits), or its hex form when the table does not know it.</summary>
    public string Name => Names.TryGetValue(Code & 0xFFFF0000, out var name) ? name : string.Create(CultureInfo.InvariantCulture, $"0x{Code:X8}");

    /// <summary>Name and hex code: <c>BadTypeMismatch (0x80740000)</c>.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Name} (0x{Code:X8})");

    /// <summary>The well-known code with this name, for tests and configuration.</summary>
    public static StatusCode FromName(string name) =>
        Names.FirstOrDefault(kv => kv.Value == name) is { Value: not null } kv ? new StatusCode(kv.Key) : throw new ArgumentException($"Unknown status code name {name}", nameof(name));
}
