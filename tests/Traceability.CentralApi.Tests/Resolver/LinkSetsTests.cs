using Traceability.CentralApi.Resolver;

namespace Traceability.CentralApi.Tests.Resolver;

public sealed class LinkSetsTests
{
    [Fact]
    public void The_link_header_lists_every_link_with_quoted_or_encoded_titles_then_the_linkset()
    {
        // RFC 8288 quoted strings escape '"' and '\'; a title outside ASCII goes as title* (RFC 8187, UTF-8 percent-encoded).
        LinkContext[] contexts =
        [
            new("https://id.example.com/01/09506000134352", "W1", [
                new(LinkSets.Pip, "https://a.example/p", """Say "hi" \ now""", "text/html"),
                new(LinkSets.DefaultLink, "https://a.example/j", "Café W1", "application/json"),
            ]),
            new("https://id.example.com/01/09506000134352/21/A1", "A1", [new(LinkSets.Pip, "https://a.example/q", "A1", "text/html")]),
        ];

        var header = LinkSets.LinkHeader(contexts, "https://a.example/01/09506000134352?linkType=linkset");

        Assert.Equal(
            """<https://a.example/p>; rel="https://gs1.org/voc/pip"; type="text/html"; hreflang="en"; title="Say \"hi\" \\ now", """
            + """<https://a.example/j>; rel="https://gs1.org/voc/defaultLink"; type="application/json"; hreflang="en"; title*=UTF-8''Caf%C3%A9%20W1, """
            + """<https://a.example/q>; rel="https://gs1.org/voc/pip"; type="text/html"; hreflang="en"; title="A1", """
            + "<https://a.example/01/09506000134352?linkType=linkset>; rel=\"linkset\"; type=\"application/linkset+json\"",
            header);
    }
}
