namespace Traceability.Core.Authentication;

/// <summary>The outcome of checking one AI (8030) value.</summary>
public enum VerificationStatus
{
    /// <summary>The signature is valid for the text under a key in the ring.</summary>
    Valid,

    /// <summary>The value is well formed but names a key id the ring does not hold (unknown, or removed by rotation).</summary>
    UnknownKey,

    /// <summary>The value (or the canonical text) is not in the profile's format; <see cref="VerificationResult.Reason"/> says where.</summary>
    Malformed,

    /// <summary>The value is well formed and its key is known, but the signature does not match the text: tampered or forged.</summary>
    SignatureMismatch,

    /// <summary>The code carries no AI (8030) at all.</summary>
    NotSigned,
}

/// <summary>The outcome of <see cref="CodeVerifier.Verify"/>, with the key id when it could be read and a reason when not valid.</summary>
/// <param name="Status">What was found.</param>
/// <param name="KeyId">The key id read from the value; null when the value is malformed.</param>
/// <param name="Reason">Why the value is not valid; null when valid.</param>
public sealed record VerificationResult(VerificationStatus Status, CodeKeyId? KeyId, string? Reason)
{
    /// <summary>True when <see cref="Status"/> is <see cref="VerificationStatus.Valid"/>.</summary>
    public bool IsValid => Status == VerificationStatus.Valid;

    internal static VerificationResult Valid(CodeKeyId keyId) => new(VerificationStatus.Valid, keyId, null);

    internal static VerificationResult Unknown(CodeKeyId keyId) =>
        new(VerificationStatus.UnknownKey, keyId, $"key id \"{keyId}\" is not in the key ring.");

    internal static VerificationResult Malformed(string reason) => new(VerificationStatus.Malformed, null, reason);

    internal static VerificationResult NotSigned() =>
        new(VerificationStatus.NotSigned, null, "the code carries no (8030) DigSig.");

    internal static VerificationResult Mismatch(CodeKeyId keyId) =>
        new(VerificationStatus.SignatureMismatch, keyId, $"the signature does not match the text under key \"{keyId}\".");
}
