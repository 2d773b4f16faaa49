using Traceability.Core.Gs1.Syntax;

namespace Traceability.Core.Gs1;

/// <summary>One element as parsed, with where it stood in the input (1-based positions) for error messages.</summary>
internal readonly record struct ParsedElement(AiDefinition Definition, string Value, int AiPosition, int ValuePosition);

/// <summary>
/// Checks values against their AI's components (length, character set, linters) and a whole message against the
/// dictionary's mandatory (<c>req</c>) and forbidden (<c>ex</c>) pairings. Pure, allocation-free on success.
/// </summary>
internal static class ElementValidator
{
    internal static Gs1Error? CheckValue(AiDefinition definition, ReadOnlySpan<char> value, int valuePosition, int aiPosition)
    {
        var ai = definition.Ai;
        if (value.Length == 0)
        {
            return Gs1Error.At(Gs1ErrorKind.TooShort, ai, aiPosition, "has no data");
        }

        if (value.Length > definition.MaxLength)
        {
            return Gs1Error.At(Gs1ErrorKind.TooLong, ai, valuePosition + definition.MaxLength,
                $"{value.Length} characters, at most {definition.MaxLength}");
        }

        var offset = 0;
        foreach (var component in definition.Components)
        {
            var remaining = value.Length - offset;
            if (remaining == 0 && component.Optional)
            {
                break;
            }

            if (remaining < component.MinLength)
            {
                return Gs1Error.At(Gs1ErrorKind.TooShort, ai, aiPosition,
                    $"{value.Length} characters, needs {(definition.MinLength == definition.MaxLength ? definition.MinLength.ToString(System.Globalization.CultureInfo.InvariantCulture) : $"at least {offset + component.MinLength}")}");
            }

            var part = value.Slice(offset, Math.Min(remaining, component.MaxLength));
            var bad = CharacterSets.IndexOfInvalid(component.CharacterSet, part);
            if (bad >= 0)
            {
                return Gs1Error.At(Gs1ErrorKind.IllegalCharacter, ai, valuePosition + offset + bad,
                    $"'{Printable(part[bad])}' is not allowed ({CharacterSets.Describe(component.CharacterSet)} only)");
            }

            foreach (var linter in component.Linters)
            {
                if (!Linters.TryCheck(linter, part, out var failure))
                {
                    return Gs1Error.At(failure.Kind, ai, valuePosition + offset + failure.Offset, failure.Message);
                }
            }

            offset += part.Length;
        }

        return offset < value.Length
            ? Gs1Error.At(Gs1ErrorKind.TooLong, ai, valuePosition + offset, $"{value.Length} characters, at most {offset}")
            : null;
    }

    internal static Gs1Error? CheckPairings(IReadOnlyList<ParsedElement> elements)
    {
        for (var i = 0; i < elements.Count; i++)
        {
            var e = elements[i];
            foreach (var alternatives in e.Definition.Requires)
            {
                if (!AnySatisfied(alternatives, elements))
                {
                    var needs = string.Join(" or ", alternatives.Select(group => string.Concat(group.Select(p => p.ToString()))));
                    return Gs1Error.At(Gs1ErrorKind.MissingPairing, e.Definition.Ai, e.AiPosition, $"needs {needs} in the same code");
                }
            }

            foreach (var excluded in e.Definition.Excludes)
            {
                for (var j = 0; j < elements.Count; j++)
                {
                    var other = elements[j].Definition.Ai;
                    if (other != e.Definition.Ai && excluded.Matches(other))
                    {
                        return Gs1Error.At(Gs1ErrorKind.InvalidPairing, e.Definition.Ai, e.AiPosition, $"cannot appear with ({other}) in the same code");
                    }
                }
            }
        }

        return null;
    }

    internal static Gs1Error? CheckDuplicate(IReadOnlyList<ParsedElement> elements, ParsedElement candidate, out bool isRepeat)
    {
        isRepeat = false;
        for (var i = 0; i < elements.Count; i++)
        {
            if (elements[i].Definition == candidate.Definition)
            {
                if (elements[i].Value == candidate.Value)
                {
                    // GS1 allows an AI to repeat with the same data; it is kept once.
                    isRepeat = true;
                    return null;
                }

                return Gs1Error.At(Gs1ErrorKind.DuplicateAi, candidate.Definition.Ai, candidate.AiPosition,
                    $"appears twice with different data ('{elements[i].Value}' and '{candidate.Value}')");
            }
        }

        return null;
    }

    internal static string Printable(char c) => c switch
    {
        '\x1D' => "<GS>",
        < ' ' or (>= '\x7F' and <= '\x9F') => $"\\x{(int)c:X2}",
        _ => c.ToString(),
    };

    private static bool AnySatisfied(IReadOnlyList<IReadOnlyList<AiPattern>> alternatives, IReadOnlyList<ParsedElement> elements)
    {
        foreach (var group in alternatives)
        {
            var all = true;
            foreach (var pattern in group)
            {
                var found = false;
                for (var j = 0; j < elements.Count && !found; j++)
                {
                    found = pattern.Matches(elements[j].Definition.Ai);
                }

                if (!found)
                {
                    all = false;
                    break;
                }
            }

            if (all)
            {
                return true;
            }
        }

        return false;
    }
}
