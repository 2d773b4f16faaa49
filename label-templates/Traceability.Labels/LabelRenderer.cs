using Traceability.Labels.Layout;
using Traceability.Labels.Rendering;
using Traceability.Labels.Templates;

namespace Traceability.Labels;

/// <summary>Renders a template with one label's data to ZPL for the printer or to PNG for a preview; both come from one layout.</summary>
public static class LabelRenderer
{
    /// <summary>ZPL II for the printer.</summary>
    /// <exception cref="LabelTemplateException">The data does not fit the template; the message names the element.</exception>
    public static string RenderZpl(LabelTemplate template, LabelData data) => ZplWriter.Write(LabelLayoutEngine.Build(template, data));

    /// <summary>A PNG preview at the printer's resolution.</summary>
    /// <exception cref="LabelTemplateException">The data does not fit the template; the message names the element.</exception>
    public static byte[] RenderPng(LabelTemplate template, LabelData data) => PngRenderer.Encode(LabelLayoutEngine.Build(template, data));
}
