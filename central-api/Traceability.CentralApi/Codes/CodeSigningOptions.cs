namespace Traceability.CentralApi.Codes;

/// <summary>The public keys central trusts for the DigSig (AI 8030) on unit codes (section <c>CodeSigning</c>).</summary>
/// <remarks>
/// Rotation: add the new key before lines sign with it; codes signed with a removed key no longer verify. No key
/// configured: no code verifies, so activations and other code-authenticated requests are refused.
/// </remarks>
public sealed class CodeSigningOptions
{
    public const string Section = "CodeSigning";

    /// <summary>The verification keys (<c>CodeSigning:VerificationKeys:n</c>).</summary>
    public IList<VerificationKeyEntry> VerificationKeys { get; } = [];
}

/// <summary>One brand public key: its id (as carried in every DigSig) and the SubjectPublicKeyInfo PEM, inline or in a file.</summary>
public sealed class VerificationKeyEntry
{
    /// <summary>1–3 base64url characters, as the signing line was configured.</summary>
    public string? KeyId { get; set; }

    /// <summary>The public key as PEM ("-----BEGIN PUBLIC KEY-----"); or set <see cref="PublicKeyFile"/>.</summary>
    public string? PublicKeyPem { get; set; }

    /// <summary>A file holding the PEM public key (relative to the content root); or set <see cref="PublicKeyPem"/>.</summary>
    public string? PublicKeyFile { get; set; }
}
