namespace Traceability.Core.Gs1.Syntax;

/// <summary>
/// Everything the GS1 Barcode Syntax Dictionary says about one Application Identifier: its data components, whether
/// its length is predefined (no FNC1 separator needed after it), its mandatory and forbidden pairings, and its role
/// in GS1 Digital Link URIs.
/// </summary>
public sealed class AiDefinition
{
    internal AiDefinition(
        string ai,
        string title,
        bool predefinedLength,
        bool digitalLinkAttribute,
        IReadOnlyList<AiComponent> components,
        IReadOnlyList<IReadOnlyList<IReadOnlyList<AiPattern>>> requires,
        IReadOnlyList<AiPattern> excludes,
        IReadOnlyList<IReadOnlyList<string>>? digitalLinkQualifiers)
    {
        Ai = ai;
        Title = title;
        PredefinedLength = predefinedLength;
        DigitalLinkAttribute = digitalLinkAttribute;
        Components = components;
        Requires = requires;
        Excludes = excludes;
        DigitalLinkQualifiers = digitalLinkQualifiers;
        MinLength = components.Where(c => !c.Optional).Sum(c => c.MinLength);
        MaxLength = components.Sum(c => c.MaxLength);
    }

    /// <summary>The AI digits, e.g. "01" or "3103".</summary>
    public string Ai { get; }

    /// <summary>The dictionary's short title, e.g. "GTIN" or "USE BY or EXPIRY".</summary>
    public string Title { get; }

    /// <summary>True when the data has a predefined fixed length and needs no FNC1 separator after it (flag "*").</summary>
    public bool PredefinedLength { get; }

    /// <summary>True when the AI may be a GS1 Digital Link data attribute, i.e. a query parameter (flag "?").</summary>
    public bool DigitalLinkAttribute { get; }

    /// <summary>The data components in order.</summary>
    public IReadOnlyList<AiComponent> Components { get; }

    /// <summary>Fewest data characters.</summary>
    public int MinLength { get; }

    /// <summary>Most data characters.</summary>
    public int MaxLength { get; }

    /// <summary>
    /// Mandatory associations: every entry (one per <c>req=</c> attribute) is a list of alternatives, each a group of
    /// patterns that must all be present ("req=01+21,02" is [[01, 21], [02]]).
    /// </summary>
    public IReadOnlyList<IReadOnlyList<IReadOnlyList<AiPattern>>> Requires { get; }

    /// <summary>AIs that may not appear with this one.</summary>
    public IReadOnlyList<AiPattern> Excludes { get; }

    /// <summary>
    /// Null unless the AI is a GS1 Digital Link primary key; then its allowed qualifier sequences in path order
    /// (an empty list inside means "no qualifiers").
    /// </summary>
    public IReadOnlyList<IReadOnlyList<string>>? DigitalLinkQualifiers { get; }

    /// <summary>True when the AI is a GS1 Digital Link primary key (e.g. 01, 00, 414).</summary>
    public bool IsDigitalLinkPrimaryKey => DigitalLinkQualifiers is not null;

    /// <summary>
    /// Checks one value of this AI on its own (length, character set, linters), as a form field or an API argument
    /// holding only that value. Positions in the error count from 1 at the value's first character.
    /// </summary>
    /// <returns>Null when the value is valid, else what is wrong and where.</returns>
    public Gs1Error? Check(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return ElementValidator.CheckValue(this, value, 1, 1);
    }

    /// <inheritdoc />
    public override string ToString() => $"({Ai}) {Title}";
}
