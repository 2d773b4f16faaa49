using System.Globalization;
using Traceability.Core.Authentication;
using Traceability.Core.Gs1;
using Traceability.Labels;
using Traceability.Labels.Templates;
using Traceability.LineAgent.Storage;

namespace Traceability.LineAgent.Pipeline;

/// <summary>A label ready for the printer, and the content a reader must return for it to count as read.</summary>
/// <param name="Zpl">What is sent to the printer.</param>
/// <param name="Content">The GS1 data in bracketed form, as a read of this label parses to: the matching key.</param>
/// <param name="DigitalSignature">The AI (8030) value printed, empty when unsigned.</param>
/// <param name="Link">The Digital Link URI the symbol encodes, character for character; empty when it encodes plain GS1 data.</param>
internal sealed record RenderedLabel(string Zpl, string Content, string DigitalSignature, string Link = "");

/// <summary>The line's three templates and how one unit's, case's or pallet's data fills them.</summary>
internal sealed class LineLabels
{
    private readonly LabelTemplate _unit;
    private readonly LabelTemplate _case;
    private readonly LabelTemplate _pallet;
    private readonly PipelineOptions _options;
    private readonly CodeSigner? _signer;
    private readonly TimeProvider _time;

    public LineLabels(PipelineOptions options, CodeSigner? signer, TimeProvider time)
    {
        _options = options;
        _signer = signer;
        _time = time;
        _unit = LabelTemplate.Load(options.UnitTemplate);
        _case = LabelTemplate.Load(options.CaseTemplate);
        _pallet = LabelTemplate.Load(options.PalletTemplate);
    }

    /// <summary>The unit's GS1 data (GTIN, lot, expiry, serial, DigSig when a key is configured) as a Digital Link QR label.</summary>
    public RenderedLabel Unit(UnitKey unit, WorkOrderSpec spec)
    {
        var elements = new List<AiValue> { new("01", unit.Gtin.Value), new("10", spec.Lot) };
        if (spec.Expiry.Length != 0)
        {
            elements.Add(new AiValue("17", spec.Expiry));
        }

        elements.Add(new AiValue("21", unit.Serial.Value));
        var data = ElementString.Create(elements);
        if (_signer is not null)
        {
            data = _signer.Sign(data);
        }

        var link = DigitalLink.Format(data, _options.DigitalLinkPrefix);
        var label = new LabelData(new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["digitalLink"] = link,
            ["model"] = _options.Model,
            ["gtin"] = unit.Gtin.Value,
            ["serial"] = unit.Serial.Value,
            ["lot"] = spec.Lot,
            ["expiry"] = spec.Expiry,
            ["date"] = Today(),
        });
        // The key is what a read of this very text parses to, so a read matches by the same parser, field for field.
        return new RenderedLabel(LabelRenderer.RenderZpl(_unit, label), ScannedCode.Parse(link).ToBracketed(), data[SignedCodes.DigSigAi] ?? "", link);
    }

    /// <summary>A case label: SSCC as GS1-128, content GTIN, count and lot.</summary>
    public RenderedLabel Case(Sscc sscc, WorkOrderSpec spec, int count) => Container(_case, sscc, new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["gtin"] = spec.Gtin.Value,
        ["lot"] = spec.Lot,
        ["count"] = count.ToString(CultureInfo.InvariantCulture),
    });

    /// <summary>A pallet label: SSCC, number of cases, destination.</summary>
    public RenderedLabel Pallet(Sscc sscc, WorkOrderSpec spec, int count) => Container(_pallet, sscc, new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["gtin"] = spec.Gtin.Value,
        ["lot"] = spec.Lot,
        ["count"] = count.ToString(CultureInfo.InvariantCulture),
        ["destination"] = _options.Destination,
    });

    /// <summary>The matching key of a read: its GS1 data in bracketed form; null when the text is not GS1 data.</summary>
    public static string? ContentOf(string text) => ScannedCode.TryParse(text, out var data, out _) ? data.ToBracketed() : null;

    /// <summary>
    /// Whether a read carries the label's Digital Link exactly (a QR reader's "]Q1" aside). The GS1 data alone is not
    /// enough: a read whose host or path differs parses to the same data, but the symbol would send a consumer elsewhere,
    /// so it is a misread, not a verification.
    /// </summary>
    public static bool SameLink(string read, string link)
    {
        var body = read.StartsWith("]Q1", StringComparison.Ordinal) ? read.AsSpan(3) : read.AsSpan();
        return body.SequenceEqual(link);
    }

    private RenderedLabel Container(LabelTemplate template, Sscc sscc, Dictionary<string, string> values)
    {
        values["sscc"] = sscc.Value;
        values["model"] = _options.Model;
        values["date"] = Today();
        var content = ElementString.Create([new AiValue("00", sscc.Value)]).ToBracketed();
        return new RenderedLabel(LabelRenderer.RenderZpl(template, new LabelData(values)), content, "");
    }

    private string Today() => _time.GetUtcNow().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
