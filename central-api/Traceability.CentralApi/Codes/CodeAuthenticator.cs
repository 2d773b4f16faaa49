using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Traceability.Core.Authentication;
using Traceability.Core.Gs1;

namespace Traceability.CentralApi.Codes;

/// <summary>
/// Reads a scanned unit code (Digital Link URI or element string) and verifies its DigSig against the configured keys.
/// No I/O: callers check a code before touching the database, so a forged code costs one ECDSA verification.
/// </summary>
public sealed class CodeAuthenticator : IDisposable
{
    private readonly KeyRing _keys = new();
    private readonly CodeVerifier _verifier;

    /// <summary>Loads the keys of <paramref name="options"/> (validated at start).</summary>
    public CodeAuthenticator(IOptions<CodeSigningOptions> options, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(environment);
        foreach (var entry in options.Value.VerificationKeys)
        {
            var keyId = CodeKeyId.Parse(entry.KeyId!);
            if (!VerificationKeyLoader.TryLoad(entry, keyId, environment.ContentRootPath, out var key, out var problem))
            {
                throw new InvalidOperationException($"{CodeSigningOptions.Section} key '{keyId}': {problem}");
            }

            using (key)
            {
                _keys.Add(key);
            }
        }

        _verifier = new CodeVerifier(_keys);
    }

    /// <summary>The ids of the trusted keys.</summary>
    public IReadOnlyList<CodeKeyId> KeyIds => _keys.KeyIds;

    /// <summary>Reads and verifies <paramref name="scannedText"/>. Never throws for bad input.</summary>
    public CodeCheck Check(string? scannedText)
    {
        if (!ScannedCode.TryParse(scannedText?.Trim(), out var code, out var error))
        {
            return new CodeCheck(CodeCheckStatus.Unreadable, null, $"Not a GS1 code: {error.Message}");
        }

        return Check(code);
    }

    /// <summary>Verifies a code already read (the resolver parsed the Digital Link it was scanned as). Never throws for bad input.</summary>
    public CodeCheck Check(ElementString code)
    {
        ArgumentNullException.ThrowIfNull(code);
        if (code["01"] is null || code["21"] is null)
        {
            return new CodeCheck(CodeCheckStatus.NotAUnit, code, "A unit code needs a GTIN (01) and a serial (21).");
        }

        var result = _verifier.Verify(code);
        return result.Status switch
        {
            VerificationStatus.Valid => new CodeCheck(CodeCheckStatus.Genuine, code, null),
            VerificationStatus.NotSigned => new CodeCheck(CodeCheckStatus.NotSigned, code, "The code carries no DigSig (8030)."),
            VerificationStatus.UnknownKey => new CodeCheck(CodeCheckStatus.UnknownKey, code, $"The DigSig names key '{result.KeyId}', which is not trusted."),
            _ => new CodeCheck(CodeCheckStatus.Forged, code, $"The DigSig does not verify: {result.Reason}"),
        };
    }

    /// <summary>Releases the keys.</summary>
    public void Dispose() => _keys.Dispose();
}
