using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Traceability.Core.Gs1;

namespace Traceability.CentralApi.Resolver;

/// <summary>One link: relation type (an absolute URI), target, title and media type.</summary>
internal sealed record Link(string Rel, string Href, string Title, string Type);

/// <summary>The links of one level of the identifier (RFC 9264 link context object), anchored at its canonical URI.</summary>
internal sealed record LinkContext(string Anchor, string Description, IReadOnlyList<Link> Links);

/// <summary>
/// Links per the GS1-Conformant Resolver standard: relation types from the GS1 Web Vocabulary, every link with its
/// target, type and a human-readable title, served as an RFC 9264 linkset (<c>application/linkset+json</c>) and in
/// the HTTP Link header. This server hosts the targets itself: a page (<c>/pages/…</c>, text/html) and the consumer
/// JSON (<c>/api/dl/…</c>), each under the same Digital Link path.
/// </summary>
internal static class LinkSets
{
    public const string Vocabulary = "https://gs1.org/voc/";
    public const string Pip = Vocabulary + "pip";
    public const string DefaultLink = Vocabulary + "defaultLink";
    public const string PagesPath = "/pages";
    public const string JsonPath = "/api/dl";
    public const string LinksetMediaType = "application/linkset+json";

    public static IReadOnlyList<LinkContext> Build(Resolution resolution, string canonicalRoot, string publicRoot)
    {
        var contexts = new List<LinkContext>(resolution.Levels.Count);
        if (resolution.Levels.Count == 0)
        {
            return contexts;
        }

        // Each prefix checked once and each level's path formatted once (DigitalLink.Format does both per link).
        var (pages, jsons, canonical) = (DigitalLink.NormalizePrefix(publicRoot + PagesPath), DigitalLink.NormalizePrefix(publicRoot + JsonPath), DigitalLink.NormalizePrefix(canonicalRoot));
        foreach (var level in resolution.Levels)
        {
            var path = DigitalLink.FormatPath(level.Key);
            var page = pages + path;
            var json = jsons + path;
            contexts.Add(new LinkContext(canonical + path, level.Title, [
                new Link(Pip, page, $"{level.Title}: product information", "text/html"),
                new Link(Pip, json, $"{level.Title}: product information (JSON)", "application/json"),
                new Link(DefaultLink, page, $"{level.Title}: product information", "text/html"),
            ]));
        }

        return contexts;
    }

    /// <summary>
    /// The relation type a <c>linkType</c> query value asks for: a GS1 CURIE (<c>gs1:pip</c>) or URI (either of the
    /// vocabulary's two hosts) becomes the vocabulary URI; anything else is kept as given.
    /// </summary>
    public static string Normalize(string linkType)
    {
        foreach (var prefix in new[] { "gs1:", "https://gs1.org/voc/", "http://gs1.org/voc/", "https://ref.gs1.org/voc/" })
        {
            if (linkType.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return Vocabulary + linkType[prefix.Length..];
            }
        }

        return linkType;
    }

    /// <summary>The link of relation <paramref name="rel"/> at the most specific level that has one, preferring <paramref name="type"/>.</summary>
    public static Link? Find(IReadOnlyList<LinkContext> contexts, string rel, string type)
    {
        foreach (var context in contexts)
        {
            var candidates = context.Links.Where(l => l.Rel == rel).ToList();
            if (candidates.Count > 0)
            {
                return candidates.FirstOrDefault(l => l.Type == type) ?? candidates[0];
            }
        }

        return null;
    }

    /// <summary>The RFC 9264 JSON document: <c>{"linkset": [{"anchor": …, "description": …, "&lt;rel&gt;": [targets]}]}</c>.</summary>
    public static JsonObject ToJson(IReadOnlyList<LinkContext> contexts)
    {
        var linkset = new JsonArray();
        foreach (var context in contexts)
        {
            var entry = new JsonObject { ["anchor"] = context.Anchor, ["description"] = context.Description };
            foreach (var group in context.Links.GroupBy(l => l.Rel))
            {
                entry[group.Key] = new JsonArray(group.Select(l => (JsonNode)new JsonObject
                {
                    ["href"] = l.Href,
                    ["title"] = l.Title,
                    ["type"] = l.Type,
                    ["hreflang"] = new JsonArray("en"),
                }).ToArray());
            }

            linkset.Add(entry);
        }

        return new JsonObject { ["linkset"] = linkset };
    }

    /// <summary>The HTTP Link header (RFC 8288): every link, then the linkset itself.</summary>
    public static string LinkHeader(IReadOnlyList<LinkContext> contexts, string linksetUri)
    {
        // Written straight into one builder: it goes out with every answer the resolver serves (a consumer scan too).
        var header = new StringBuilder(1024);
        foreach (var context in contexts)
        {
            foreach (var l in context.Links)
            {
                header.Append('<').Append(l.Href).Append(">; rel=\"").Append(l.Rel).Append("\"; type=\"").Append(l.Type).Append("\"; hreflang=\"en\"; ");
                AppendTitle(header, l.Title);
                header.Append(", ");
            }
        }

        return header.Append('<').Append(linksetUri).Append(">; rel=\"linkset\"; type=\"").Append(LinksetMediaType).Append('"').ToString();
    }

    // Header values are ASCII: a title with other characters goes as title* in RFC 8187 encoding.
    private static void AppendTitle(StringBuilder header, string title)
    {
        if (title.All(c => c is >= ' ' and <= '~'))
        {
            header.Append("title=\"");
            foreach (var c in title)
            {
                if (c is '\\' or '"')
                {
                    header.Append('\\');
                }

                header.Append(c);
            }

            header.Append('"');
            return;
        }

        header.Append("title*=UTF-8''");
        foreach (var b in Encoding.UTF8.GetBytes(title))
        {
            if (char.IsAsciiLetterOrDigit((char)b) || "!#$&+-.^_`|~".Contains((char)b, StringComparison.Ordinal))
            {
                header.Append((char)b);
            }
            else
            {
                header.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }
    }
}
