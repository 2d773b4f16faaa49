using Traceability.Core.Authentication;
using Traceability.Core.Gs1;
using Traceability.Labels.Templates;
using Traceability.Testing;

namespace Traceability.Labels.Tests;

/// <summary>The shipped templates and realistic data for them (a unit code signed with a test key).</summary>
internal static class SampleLabels
{
    private static readonly CodeSigningKey Key = CodeSigningKey.Create(CodeKeyId.Parse("t1"));

    public static LabelTemplate Template(string name) => LabelTemplate.Load(RepositoryPaths.Combine("label-templates", "templates", name + ".json"));

    public static LabelData Unit(string serial = "Q7XK2M9PZR4T", string model = "S9 45mm", string domain = "id.example.com")
    {
        var code = new CodeSigner(Key).Sign(ElementString.Create([new("01", "09506000134352"), new("21", serial)]));
        return new LabelData(new Dictionary<string, string>
        {
            ["digitalLink"] = DigitalLink.Format(code, domain),
            ["model"] = model,
            ["gtin"] = "09506000134352",
            ["serial"] = serial,
            ["date"] = "2026-11-25",
        });
    }

    public static LabelData Case(string sscc = "106141411234567897") => new(new Dictionary<string, string>
    {
        ["sscc"] = sscc,
        ["gtin"] = "09506000134352",
        ["count"] = "24",
        ["lot"] = "LOT-2026-11",
        ["model"] = "Watch S9 45mm",
    });

    public static LabelData Pallet(string sscc = "306141410000000013") => new(new Dictionary<string, string>
    {
        ["sscc"] = sscc,
        ["count"] = "40",
        ["destination"] = "Shenzhen DC, CN-440300",
        ["model"] = "Watch S9 45mm",
        ["date"] = "2026-11-25",
    });
}
