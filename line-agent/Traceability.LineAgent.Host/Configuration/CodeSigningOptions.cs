namespace Traceability.LineAgent.Host.Configuration;

/// <summary>
/// The brand key the line signs unit codes with (DigSig, AI 8030); bound from section <c>CodeSigning</c>. Not set: labels
/// carry no DigSig, and central's code-authenticated routes (activation, inspections) will refuse them.
/// </summary>
public sealed class CodeSigningOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "CodeSigning";

    /// <summary>The key id carried in every DigSig (1–3 base64url characters); central trusts it under the same id.</summary>
    public string? KeyId { get; set; }

    /// <summary>A PKCS#8 PEM file ("-----BEGIN PRIVATE KEY-----") with the P-256 private key; relative to the content root.</summary>
    public string? PrivateKeyFile { get; set; }

    /// <summary>True when a key is configured.</summary>
    public bool IsConfigured => !string.IsNullOrWhiteSpace(KeyId) || !string.IsNullOrWhiteSpace(PrivateKeyFile);
}
