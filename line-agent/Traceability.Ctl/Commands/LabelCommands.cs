using System.CommandLine;
using Traceability.Labels;
using Traceability.Labels.Templates;
using Traceability.Labels.Zpl;

namespace Traceability.Ctl.Commands;

/// <summary><c>tracectl label …</c>: render templates to ZPL or PNG, preview any ZPL.</summary>
internal static class LabelCommands
{
    private static readonly string[] Formats = ["zpl", "png"];
    private static readonly int[] Resolutions = [203, 300, 600];

    public static Command Create() =>
        new("label", "Render label templates to ZPL for printers or PNG for previews, and preview any ZPL.")
        {
            CreateRender(),
            CreatePreview(),
        };

    private static Command CreateRender()
    {
        var template = new Option<FileInfo>("--template", "-t") { Description = "The template, e.g. label-templates/templates/unit.json.", Required = true };
        var data = new Option<FileInfo>("--data", "-d") { Description = "A flat JSON object of the template's variables, e.g. {\"serial\":\"Q7XK2M9PZR4T\",…}.", Required = true };
        var format = new Option<string>("--format", "-f") { Description = "zpl (for the printer) or png (a preview at the printer's resolution).", DefaultValueFactory = _ => "zpl" };
        format.AcceptOnlyFromAmong(Formats);
        var output = new Option<FileInfo>("--out", "-o") { Description = "Where to write the ZPL or PNG.", Required = true };
        var command = new Command("render", "Renders a template with one label's data to ZPL or PNG.") { template, data, format, output };
        command.SetAction((parseResult, cancellationToken) =>
        {
            var error = parseResult.InvocationConfiguration.Error;
            try
            {
                var loaded = LabelTemplate.Load(RequireFile(parseResult.GetRequiredValue(template)));
                var values = LabelData.Load(RequireFile(parseResult.GetRequiredValue(data)));
                var target = WritableFile(parseResult.GetRequiredValue(output));
                if (parseResult.GetValue(format) == "png")
                {
                    File.WriteAllBytes(target, LabelRenderer.RenderPng(loaded, values));
                }
                else
                {
                    File.WriteAllText(target, LabelRenderer.RenderZpl(loaded, values));
                }

                parseResult.InvocationConfiguration.Output.WriteLine($"Wrote {target}");
                return Task.FromResult(ExitCodes.Success);
            }
            catch (Exception e) when (e is LabelTemplateException or IOException or UnauthorizedAccessException)
            {
                error.WriteLine(e.Message);
                return Task.FromResult(ExitCodes.InvalidInput);
            }
        });
        return command;
    }

    private static Command CreatePreview()
    {
        var zpl = new Option<FileInfo>("--zpl", "-z") { Description = "The ZPL file (any ZPL II: ours or hand-written).", Required = true };
        var output = new Option<FileInfo>("--out", "-o") { Description = "The PNG to write (the first label of the file).", Required = true };
        var dpi = new Option<int>("--dpi") { Description = "The printer's resolution: 203, 300 or 600 dpi.", DefaultValueFactory = _ => 203 };
        dpi.AcceptOnlyFromAmong([.. Resolutions.Select(r => r.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
        var command = new Command("preview", "Draws a ZPL file as the printer would print it, to PNG.") { zpl, output, dpi };
        command.SetAction((parseResult, cancellationToken) =>
        {
            var error = parseResult.InvocationConfiguration.Error;
            try
            {
                var text = File.ReadAllText(RequireFile(parseResult.GetRequiredValue(zpl)));
                var dotsPerMm = parseResult.GetValue(dpi) switch { 300 => 12, 600 => 24, _ => 8 };
                using var result = ZplInterpreter.Render(text, new ZplRenderOptions(dotsPerMm));
                var target = WritableFile(parseResult.GetRequiredValue(output));
                File.WriteAllBytes(target, Labels.Rendering.PngRenderer.EncodePng(result.Labels[0]));
                foreach (var warning in result.Warnings)
                {
                    error.WriteLine($"warning: {warning}");
                }

                parseResult.InvocationConfiguration.Output.WriteLine(
                    $"Wrote {target} ({result.Labels[0].Width}×{result.Labels[0].Height} dots{(result.Labels.Count > 1 ? $", label 1 of {result.Labels.Count}" : string.Empty)})");
                return Task.FromResult(ExitCodes.Success);
            }
            catch (Exception e) when (e is ZplException or IOException or UnauthorizedAccessException)
            {
                error.WriteLine(e.Message);
                return Task.FromResult(ExitCodes.InvalidInput);
            }
        });
        return command;
    }

    // .NET says "does not exist" or "Access to the path is denied" for a folder given where a file belongs: say what it is.
    private static string RequireFile(FileInfo file) =>
        file.Exists ? file.FullName
        : Directory.Exists(file.FullName) ? throw new IOException($"{file.FullName} is a folder, not a file.")
        : throw new FileNotFoundException($"{file.FullName} does not exist.", file.FullName);

    private static string WritableFile(FileInfo file) =>
        Directory.Exists(file.FullName) ? throw new IOException($"{file.FullName} is a folder; --out needs a file name.") : file.FullName;
}
