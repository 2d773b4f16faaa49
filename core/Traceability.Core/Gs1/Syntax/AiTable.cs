namespace Traceability.Core.Gs1.Syntax;

/// <summary>
/// The Application Identifier table, read from the GS1 Barcode Syntax Dictionary shipped inside this assembly
/// (<c>gs1-syntax-dictionary.txt</c>, Apache-2.0, GS1 AISBL). AIs are found by prefix in O(1): GS1 AIs are prefix-free.
/// </summary>
public sealed class AiTable
{
    private const string ResourceName = "Traceability.Core.gs1-syntax-dictionary.txt";
    private static readonly Lazy<AiTable> LazyDefault = new(LoadEmbedded);

    private readonly AiDefinition?[] _two = new AiDefinition?[100];
    private readonly AiDefinition?[] _three = new AiDefinition?[1000];
    private readonly AiDefinition?[] _four = new AiDefinition?[10000];

    private AiTable(IReadOnlyList<AiDefinition> definitions)
    {
        Definitions = definitions;
        foreach (var d in definitions)
        {
            var table = d.Ai.Length switch { 2 => _two, 3 => _three, _ => _four };
            table[int.Parse(d.Ai, System.Globalization.CultureInfo.InvariantCulture)] = d;
        }

        UncheckedLinters = definitions
            .SelectMany(d => d.Components)
            .SelectMany(c => c.LinterNames.Zip(c.Linters))
            .Where(p => p.Second == Linter.Unchecked)
            .Select(p => p.First)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToArray();
    }

    /// <summary>The dictionary shipped with this library.</summary>
    public static AiTable Default => LazyDefault.Value;

    /// <summary>Every AI, one definition per AI (ranges such as 3100-3105 are expanded).</summary>
    public IReadOnlyList<AiDefinition> Definitions { get; }

    /// <summary>
    /// Linter names in the dictionary that this library does not apply (gcppos1/2 need the GS1 Company Prefix length
    /// table; coupon, package-type and media-type code lists are not shipped). Those components are still checked for
    /// character set and length.
    /// </summary>
    public IReadOnlyList<string> UncheckedLinters { get; }

    /// <summary>Reads a dictionary in the GS1 Barcode Syntax Dictionary text format (e.g. a newer release).</summary>
    /// <exception cref="FormatException">A line is not understood; the message names it.</exception>
    public static AiTable Read(TextReader reader) => new(SyntaxDictionaryReader.Read(reader));

    /// <summary>Finds the AI with exactly these digits.</summary>
    public bool TryGet(string ai, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out AiDefinition? definition)
    {
        ArgumentNullException.ThrowIfNull(ai);
        definition = ai.Length is >= 2 and <= 4 && TryFindPrefix(ai, out var d) && d.Ai.Length == ai.Length ? d : null;
        return definition is not null;
    }

    /// <summary>Finds the AI that <paramref name="data"/> starts with (2, 3 or 4 digits).</summary>
    public bool TryFindPrefix(ReadOnlySpan<char> data, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out AiDefinition? definition)
    {
        definition = null;
        var n = 0;
        for (var i = 0; i < 4 && i < data.Length; i++)
        {
            var d = data[i] - '0';
            if ((uint)d > 9)
            {
                return false;
            }

            n = (n * 10) + d;
            definition = i switch
            {
                1 => _two[n],
                2 => _three[n],
                3 => _four[n],
                _ => null,
            };
            if (definition is not null)
            {
                return true;
            }
        }

        return false;
    }

    private static AiTable LoadEmbedded()
    {
        using var stream = typeof(AiTable).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The GS1 syntax dictionary resource '{ResourceName}' is missing from the assembly.");
        using var reader = new StreamReader(stream);
        return Read(reader);
    }
}
