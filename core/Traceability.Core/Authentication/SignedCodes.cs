using System.Text;
using Traceability.Core.Gs1;

namespace Traceability.Core.Authentication;

/// <summary>
/// Signs GS1 codes with AI (8030) and verifies them offline. The signed text is the bracketed element string of every
/// AI except (8030), sorted by AI (ordinal), e.g. <c>(01)09506000134352(10)ABC123(21)SN0001</c>, so the signature holds
/// whichever carrier the data travels in (GS1 DataMatrix order, Digital Link order) and a verifier needs no database.
/// </summary>
public static class SignedCodes
{
    /// <summary>The DigSig AI.</summary>
    public const string DigSigAi = "8030";

    /// <summary>The canonical text that is signed for <paramref name="code"/>.</summary>
    public static string CanonicalText(ElementString code)
    {
        ArgumentNullException.ThrowIfNull(code);
        var sb = new StringBuilder(128);
        foreach (var (ai, value) in code.Elements.Where(e => e.Ai != DigSigAi).OrderBy(e => e.Ai, StringComparer.Ordinal))
        {
            sb.Append('(').Append(ai).Append(')').Append(value.Replace("(", "\\(", StringComparison.Ordinal));
        }

        return sb.ToString();
    }

    /// <summary>Returns <paramref name="code"/> with its (8030) DigSig set (an existing one is replaced), appended last.</summary>
    /// <exception cref="Gs1FormatException">The code cannot carry (8030): it needs e.g. (01) with (21), or (00).</exception>
    public static ElementString Sign(this CodeSigner signer, ElementString code)
    {
        ArgumentNullException.ThrowIfNull(signer);
        ArgumentNullException.ThrowIfNull(code);
        var unsigned = code.Without(DigSigAi);
        var value = signer.Sign(CanonicalText(unsigned));
        return ElementString.Create(unsigned.Elements.Append(new AiValue(DigSigAi, value)));
    }

    /// <summary>Verifies the (8030) DigSig of <paramref name="code"/>: no I/O, no database.</summary>
    public static VerificationResult Verify(this CodeVerifier verifier, ElementString code)
    {
        ArgumentNullException.ThrowIfNull(verifier);
        ArgumentNullException.ThrowIfNull(code);
        return code[DigSigAi] is { } digSig
            ? verifier.Verify(CanonicalText(code), digSig)
            : VerificationResult.NotSigned();
    }
}
