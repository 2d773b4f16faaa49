using System.Text.Json;
using System.Text.Json.Nodes;
using SkiaSharp;
using Traceability.Labels.Zpl;
using Traceability.Testing;

namespace Traceability.Ctl.Tests;

/// <summary>
/// <c>tracectl label render|preview</c> with the shipped templates and samples; every barcode is judged by zbarimg, not by
/// the library that drew it.
/// </summary>
public sealed class LabelCommandsTests
{
    /// <summary>Each shipped template with the printer resolution it declares.</summary>
    public static TheoryData<string, int> ShippedTemplates() => new() { { "unit", 300 }, { "case", 203 }, { "pallet", 203 } };

    /// <summary>The shipped templates' names.</summary>
    public static TheoryData<string> ShippedTemplateNames() => ["unit", "case", "pallet"];

    [Theory]
    [MemberData(nameof(ShippedTemplates))]
    public async Task Each_shipped_template_renders_its_sample_to_zpl_that_the_interpreter_draws_without_warnings(string name, int dpi)
    {
        using var temp = new TempDirectory();
        var zplPath = temp.File($"{name}.zpl");

        var outcome = await Tracectl.RunAsync("label", "render", "--template", Template(name), "--data", Sample(name), "--format", "zpl", "--out", zplPath);

        Assert.Equal(new Tracectl.Outcome(0, $"Wrote {zplPath}" + Environment.NewLine, ""), outcome);
        var zpl = await File.ReadAllTextAsync(zplPath);
        Assert.StartsWith("^XA", zpl, StringComparison.Ordinal);
        Assert.EndsWith("^XZ", zpl.TrimEnd(), StringComparison.Ordinal);
        using var drawn = ZplInterpreter.Render(zpl, new ZplRenderOptions(DotsPerMm(dpi)));
        Assert.Empty(drawn.Warnings);
        Assert.Single(drawn.Labels);
    }

    [Theory]
    [MemberData(nameof(ShippedTemplateNames))]
    public async Task Each_shipped_template_renders_its_sample_to_a_png_that_zbarimg_reads_as_the_samples_code(string name)
    {
        using var temp = new TempDirectory();
        var pngPath = temp.File($"{name}.png");

        var outcome = await Tracectl.RunAsync("label", "render", "-t", Template(name), "-d", Sample(name), "-f", "png", "-o", pngPath);

        Assert.Equal(new Tracectl.Outcome(0, $"Wrote {pngPath}" + Environment.NewLine, ""), outcome);
        Assert.Equal([ExpectedCode(name)], ExternalTools.ZbarImg(pngPath));
    }

    [Theory]
    [MemberData(nameof(ShippedTemplates))]
    public async Task Previewing_the_zpl_that_render_wrote_gives_a_png_that_zbarimg_reads_as_the_samples_code(string name, int dpi)
    {
        using var temp = new TempDirectory();
        var zplPath = temp.File($"{name}.zpl");
        var pngPath = temp.File($"{name}.png");
        Assert.Equal(0, (await Tracectl.RunAsync("label", "render", "-t", Template(name), "-d", Sample(name), "-o", zplPath)).ExitCode);

        var outcome = await Tracectl.RunAsync("label", "preview", "--zpl", zplPath, "--out", pngPath, "--dpi", $"{dpi}");

        Assert.Equal((0, ""), (outcome.ExitCode, outcome.Stderr));
        Assert.StartsWith($"Wrote {pngPath} (", outcome.Stdout, StringComparison.Ordinal);
        Assert.Equal([ExpectedCode(name)], ExternalTools.ZbarImg(pngPath));
    }

    [Fact]
    public async Task Previewing_the_unit_label_at_300_dpi_draws_60_by_30_mm_as_720_by_360_dots()
    {
        using var temp = new TempDirectory();
        var zplPath = temp.File("unit.zpl");
        var pngPath = temp.File("unit.png");
        Assert.Equal(0, (await Tracectl.RunAsync("label", "render", "-t", Template("unit"), "-d", Sample("unit"), "-o", zplPath)).ExitCode);

        var outcome = await Tracectl.RunAsync("label", "preview", "-z", zplPath, "-o", pngPath, "--dpi", "300");

        Assert.Equal(new Tracectl.Outcome(0, $"Wrote {pngPath} (720×360 dots)" + Environment.NewLine, ""), outcome);
        using var codec = SKCodec.Create(pngPath);
        Assert.Equal((720, 360), (codec.Info.Width, codec.Info.Height));
    }

    [Fact]
    public async Task A_template_with_an_unknown_variable_exits_with_2_naming_the_element_and_the_variable()
    {
        using var temp = new TempDirectory();
        var template = temp.File("typo.json");
        await File.WriteAllTextAsync(template, (await File.ReadAllTextAsync(Template("unit"))).Replace("{serial}", "{serail}", StringComparison.Ordinal));

        var outcome = await Tracectl.RunAsync("label", "render", "-t", template, "-d", Sample("unit"), "-o", temp.File("unit.zpl"));

        AssertInvalidInput(outcome, "typo.json, element 'serial' (text): \"text\": unknown variable {serail}");
        Assert.False(File.Exists(temp.File("unit.zpl")));
    }

    [Fact]
    public async Task Data_missing_a_variable_exits_with_2_naming_the_element_and_the_variable()
    {
        using var temp = new TempDirectory();
        var data = temp.File("no-serial.json");
        var sample = JsonNode.Parse(await File.ReadAllTextAsync(Sample("unit")))!.AsObject();
        Assert.True(sample.Remove("serial"));
        await File.WriteAllTextAsync(data, sample.ToJsonString());

        var outcome = await Tracectl.RunAsync("label", "render", "-t", Template("unit"), "-d", data, "-o", temp.File("unit.zpl"));

        AssertInvalidInput(outcome, "unit.json, element 'serial' (text): {serial} has no value in the label data");
    }

    [Fact]
    public async Task A_data_file_that_is_not_json_exits_with_2_naming_the_file()
    {
        using var temp = new TempDirectory();
        var data = temp.File("unit-data.csv");
        await File.WriteAllTextAsync(data, "serial,gtin\nQ7XK2M9PZR4T,09506000134352\n");

        var outcome = await Tracectl.RunAsync("label", "render", "-t", Template("unit"), "-d", data, "-o", temp.File("unit.zpl"));

        AssertInvalidInput(outcome, "unit-data.csv: not valid JSON: ");
    }

    [Fact]
    public async Task A_template_file_that_does_not_exist_exits_with_2_naming_the_path()
    {
        using var temp = new TempDirectory();
        var template = temp.File("no-such-template.json");

        var outcome = await Tracectl.RunAsync("label", "render", "-t", template, "-d", Sample("unit"), "-o", temp.File("unit.zpl"));

        AssertInvalidInput(outcome, $"{template} does not exist.");
    }

    // Regression: a folder given for --template, --data or --zpl was reported as "does not exist" or "Access to the path
    // is denied", because .NET's file APIs say so for a folder; the message now says it is a folder.
    [Theory]
    [InlineData("--template")]
    [InlineData("--data")]
    public async Task A_folder_given_for_a_render_input_exits_with_2_saying_it_is_a_folder(string option)
    {
        using var temp = new TempDirectory();
        string[] args = ["label", "render", "-t", Template("unit"), "-d", Sample("unit"), "-o", temp.File("unit.zpl")];
        args[Array.IndexOf(args, option == "--template" ? "-t" : "-d") + 1] = temp.Path;

        var outcome = await Tracectl.RunAsync(args);

        AssertInvalidInput(outcome, $"{temp.Path} is a folder, not a file.");
    }

    // Regression: --out naming an existing folder said "Access to the path '…' is denied." (File.WriteAllBytes on a folder).
    [Fact]
    public async Task A_folder_given_for_out_exits_with_2_saying_it_is_a_folder()
    {
        using var temp = new TempDirectory();

        var outcome = await Tracectl.RunAsync("label", "render", "-t", Template("unit"), "-d", Sample("unit"), "-o", temp.Path);

        AssertInvalidInput(outcome, $"{temp.Path} is a folder; --out needs a file name.");
    }

    [Fact]
    public async Task Zpl_whose_GF_data_is_short_exits_with_2_naming_GF_and_its_position()
    {
        using var temp = new TempDirectory();
        var zpl = temp.File("short-gf.zpl");
        await File.WriteAllTextAsync(zpl, "^XA^FO10,10^GFA,8,8,1,FFFF^FS^XZ");

        var outcome = await Tracectl.RunAsync("label", "preview", "-z", zpl, "-o", temp.File("short-gf.png"));

        AssertInvalidInput(outcome, "^GF at position 12: 8 bytes announced, 2 given");
        Assert.False(File.Exists(temp.File("short-gf.png")));
    }

    [Fact]
    public async Task A_format_other_than_zpl_or_png_is_a_usage_error()
    {
        using var temp = new TempDirectory();

        var outcome = await Tracectl.RunAsync("label", "render", "-t", Template("unit"), "-d", Sample("unit"), "-f", "pdf", "-o", temp.File("unit.pdf"));

        Assert.Equal(ExitCodes.Usage, outcome.ExitCode);
        Assert.Contains("Argument 'pdf' not recognized.", outcome.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(temp.File("unit.pdf")));
    }

    [Fact]
    public async Task A_dpi_of_250_is_a_usage_error()
    {
        using var temp = new TempDirectory();
        var zplPath = temp.File("unit.zpl");
        Assert.Equal(0, (await Tracectl.RunAsync("label", "render", "-t", Template("unit"), "-d", Sample("unit"), "-o", zplPath)).ExitCode);

        var outcome = await Tracectl.RunAsync("label", "preview", "-z", zplPath, "-o", temp.File("unit.png"), "--dpi", "250");

        Assert.Equal(ExitCodes.Usage, outcome.ExitCode);
        Assert.Contains("Argument '250' not recognized.", outcome.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(temp.File("unit.png")));
    }

    [Theory]
    [InlineData("zpl")]
    [InlineData("png")]
    public async Task Rendering_into_a_folder_that_does_not_exist_exits_with_2_naming_the_path(string format)
    {
        using var temp = new TempDirectory();
        var target = Path.Combine(temp.Path, "no-such-folder", $"unit.{format}");

        var outcome = await Tracectl.RunAsync("label", "render", "-t", Template("unit"), "-d", Sample("unit"), "-f", format, "-o", target);

        AssertInvalidInput(outcome, target);
    }

    [Fact]
    public async Task Previewing_into_a_folder_that_does_not_exist_exits_with_2_naming_the_path()
    {
        using var temp = new TempDirectory();
        var zplPath = temp.File("unit.zpl");
        Assert.Equal(0, (await Tracectl.RunAsync("label", "render", "-t", Template("unit"), "-d", Sample("unit"), "-o", zplPath)).ExitCode);
        var target = Path.Combine(temp.Path, "no-such-folder", "unit.png");

        var outcome = await Tracectl.RunAsync("label", "preview", "-z", zplPath, "-o", target);

        AssertInvalidInput(outcome, target);
    }

    private static void AssertInvalidInput(Tracectl.Outcome outcome, string expectedInMessage)
    {
        Assert.Equal((ExitCodes.InvalidInput, ""), (outcome.ExitCode, outcome.Stdout));
        Assert.Contains(expectedInMessage, outcome.Stderr, StringComparison.Ordinal);
    }

    private static string Template(string name) => RepositoryPaths.Combine("label-templates", "templates", $"{name}.json");

    private static string Sample(string name) => RepositoryPaths.Combine("label-templates", "samples", $"{name}-data.json");

    private static int DotsPerMm(int dpi) => dpi switch { 203 => 8, 300 => 12, _ => 24 };

    /// <summary>What a scanner reads from the sample's label: the Digital Link URI (unit) or (00) + SSCC (case, pallet).</summary>
    private static string ExpectedCode(string name)
    {
        using var sample = JsonDocument.Parse(File.ReadAllText(Sample(name)));
        return name == "unit"
            ? sample.RootElement.GetProperty("digitalLink").GetString()!
            : "00" + sample.RootElement.GetProperty("sscc").GetString();
    }
}
