using System.CommandLine;
using System.Text.Json;
using Traceability.Core.Gs1;
using Traceability.Core.Gs1.Syntax;

namespace Traceability.Ctl.Commands;

/// <summary><c>tracectl codes …</c>: read and convert GS1 codes.</summary>
internal static class CodesCommands
{
    public static Command Create() =>
        new("codes", "Read and convert GS1 codes: element strings and Digital Link URIs.")
        {
            CreateParse(),
            CreateLink(),
        };

    private static Command CreateParse()
    {
        var code = new Argument<string>("code")
        {
            Description = "What the scanner read: a Digital Link URI, a bracketed element string \"(01)…(21)…\", or a raw one. "
                + "Write GS as the real 0x1D character, as \\x1D or as <GS> (keyboard wedges produce these).",
        };
        var command = new Command("parse", "Prints the GS1 Application Identifiers of a scanned code as JSON.") { code };
        command.SetAction((parseResult, _) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            if (!TryRead(parseResult.GetRequiredValue(code), error, out var data))
            {
                return Task.FromResult(ExitCodes.InvalidInput);
            }

            var elements = data.Elements
                .Select(e => new ElementJson(e.Ai, AiTable.Default.TryGet(e.Ai, out var definition) ? definition.Title : null, e.Value))
                .ToList();
            output.WriteLine(JsonSerializer.Serialize(new ParsedCodeJson(elements, data.ToBracketed(), data.ToRaw()), CtlJsonContext.Console.ParsedCodeJson));
            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }

    private static Command CreateLink()
    {
        var code = new Argument<string>("code")
        {
            Description = "The GS1 data: a bracketed element string \"(01)…(21)…\", a raw one, or a Digital Link URI to re-home. GS as in 'codes parse'.",
        };
        var domain = new Option<string>("--domain", "-d")
        {
            Description = "The resolver's domain (id.example.com; https is used) or a full prefix (https://brand.example/dl).",
            Required = true,
        };
        var command = new Command("link", "Prints the GS1 Digital Link URI of a code.") { code, domain };
        command.SetAction((parseResult, _) =>
        {
            var error = parseResult.InvocationConfiguration.Error;
            if (!TryRead(parseResult.GetRequiredValue(code), error, out var data))
            {
                return Task.FromResult(ExitCodes.InvalidInput);
            }

            if (!DigitalLink.TryFormat(data, parseResult.GetRequiredValue(domain), out var uri, out var linkError))
            {
                error.WriteLine($"Cannot make a Digital Link URI: {linkError.Message}");
                return Task.FromResult(ExitCodes.InvalidInput);
            }

            parseResult.InvocationConfiguration.Output.WriteLine(uri);
            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }

    private static bool TryRead(string text, TextWriter error, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ElementString? data)
    {
        if (ScannedCode.TryParse(ScannerText.UnescapeGroupSeparators(text), out data, out var gs1Error))
        {
            return true;
        }

        error.WriteLine($"Not a valid GS1 code: {gs1Error.Message}");
        return false;
    }
}
