using Traceability.Core.Gs1;

namespace Traceability.CentralApi.Codes;

/// <summary>What checking a scanned unit code found, before any database work.</summary>
public enum CodeCheckStatus
{
    /// <summary>A unit code (GTIN + serial) with a DigSig that verifies under a trusted key.</summary>
    Genuine,

    /// <summary>Not GS1 data at all (neither a Digital Link nor an element string).</summary>
    Unreadable,

    /// <summary>GS1 data, but not a serialised unit: (01) and (21) are needed.</summary>
    NotAUnit,

    /// <summary>A unit code without AI (8030).</summary>
    NotSigned,

    /// <summary>The DigSig names a key central does not trust (unknown, or retired by rotation).</summary>
    UnknownKey,

    /// <summary>The DigSig is malformed or does not match the code: tampered or forged.</summary>
    Forged,
}

/// <summary>The outcome of <see cref="CodeAuthenticator.Check(string?)"/>.</summary>
/// <param name="Status">What was found.</param>
/// <param name="Code">The GS1 data when the text could be read.</param>
/// <param name="Reason">Why the code is not genuine, in words for the caller; null when genuine.</param>
public sealed record CodeCheck(CodeCheckStatus Status, ElementString? Code, string? Reason)
{
    /// <summary>True when the code is a signed unit code that verifies.</summary>
    public bool IsGenuine => Status == CodeCheckStatus.Genuine;

    /// <summary>The GTIN (AI 01), when read.</summary>
    public string? Gtin => Code?["01"];

    /// <summary>The serial (AI 21), when read.</summary>
    public string? Serial => Code?["21"];
}
