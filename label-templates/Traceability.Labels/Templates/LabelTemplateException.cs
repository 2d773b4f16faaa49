namespace Traceability.Labels.Templates;

/// <summary>
/// A template or its data cannot be used: the message names the file, the element and the problem, e.g.
/// "unit.json, element 'serial' (text): unknown variable {serail}; known: {serial}, {gtin}, …".
/// </summary>
public sealed class LabelTemplateException : Exception
{
    /// <summary>Creates the exception.</summary>
    public LabelTemplateException(string source, string? element, string problem)
        : base(element is null ? $"{source}: {problem}" : $"{source}, element {element}: {problem}")
    {
        Source = source;
        Element = element;
        Problem = problem;
    }

    /// <summary>Creates the exception with an inner cause.</summary>
    public LabelTemplateException(string source, string? element, string problem, Exception inner)
        : base(element is null ? $"{source}: {problem}" : $"{source}, element {element}: {problem}", inner)
    {
        Source = source;
        Element = element;
        Problem = problem;
    }

    /// <summary>The template or data file (or a name for in-memory text).</summary>
    public new string Source { get; }

    /// <summary>The element, as "'id' (type)" or "#3 (type)"; null for problems of the whole file.</summary>
    public string? Element { get; }

    /// <summary>What is wrong.</summary>
    public string Problem { get; }
}
