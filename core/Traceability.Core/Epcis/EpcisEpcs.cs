using System.Text.Json.Nodes;

namespace Traceability.Core.Epcis;

/// <summary>Where an identifier appears in an event, for queries that look in some places only.</summary>
public enum EpcRole
{
    /// <summary>epcList (MATCH_epc).</summary>
    Epc = 1,

    /// <summary>parentID (MATCH_parentID).</summary>
    Parent = 2,

    /// <summary>childEPCs (MATCH_epc).</summary>
    Child = 3,

    /// <summary>inputEPCList (MATCH_inputEPC).</summary>
    Input = 4,

    /// <summary>outputEPCList (MATCH_outputEPC).</summary>
    Output = 5,

    /// <summary>epcClass of quantityList, childQuantityList, inputQuantityList or outputQuantityList (MATCH_epcClass).</summary>
    Class = 6,
}

/// <summary>An identifier an event names, by canonical key (<see cref="EpcCanonical.Key"/>) and role.</summary>
/// <param name="Key">The canonical key.</param>
/// <param name="Role">Where it appears.</param>
public readonly record struct EpcReference(string Key, EpcRole Role);

/// <summary>The identifiers an event names, for indexing: of any event type, straight from its JSON.</summary>
public static class EpcisEpcs
{
    /// <summary>Every identifier of <paramref name="e"/> with its role, each (key, role) once.</summary>
    public static IReadOnlyList<EpcReference> Of(JsonObject e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var found = new HashSet<EpcReference>();
        void Add(JsonNode? node, EpcRole role)
        {
            if (node is JsonValue v && v.TryGetValue<string>(out var s) && !string.IsNullOrWhiteSpace(s))
            {
                found.Add(new EpcReference(EpcCanonical.Key(s), role));
            }
        }

        void AddAll(string name, EpcRole role)
        {
            if (e[name] is JsonArray list)
            {
                foreach (var item in list)
                {
                    Add(item, role);
                }
            }
        }

        AddAll("epcList", EpcRole.Epc);
        Add(e["parentID"], EpcRole.Parent);
        AddAll("childEPCs", EpcRole.Child);
        AddAll("inputEPCList", EpcRole.Input);
        AddAll("outputEPCList", EpcRole.Output);
        foreach (var list in new[] { "quantityList", "childQuantityList", "inputQuantityList", "outputQuantityList" })
        {
            if (e[list] is JsonArray quantities)
            {
                foreach (var q in quantities.OfType<JsonObject>())
                {
                    Add(q["epcClass"], EpcRole.Class);
                }
            }
        }

        return [.. found];
    }
}
