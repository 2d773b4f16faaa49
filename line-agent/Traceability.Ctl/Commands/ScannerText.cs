using System.Text.RegularExpressions;
using Traceability.Core.Gs1;

namespace Traceability.Ctl.Commands;

/// <summary>Scanner text as typed on a command line, where the GS control character cannot be typed.</summary>
internal static partial class ScannerText
{
    /// <summary>
    /// Turns the spellings of GS that keyboard-wedge scanners and engineers use into the real 0x1D: the literal four
    /// characters <c>\x1D</c> (any case) and <c>&lt;GS&gt;</c> (any case). A real 0x1D passes through unchanged.
    /// Neither spelling can occur in GS1 data (CSET 82 has no backslash or angle brackets) or in a Digital Link URI.
    /// </summary>
    public static string UnescapeGroupSeparators(string text) =>
        GroupSeparatorSpelling().Replace(text, ElementString.GroupSeparator.ToString());

    [GeneratedRegex(@"\\x1D|<GS>", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex GroupSeparatorSpelling();
}
