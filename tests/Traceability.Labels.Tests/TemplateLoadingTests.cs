using Traceability.Labels.Templates;

namespace Traceability.Labels.Tests;

public sealed class TemplateLoadingTests
{
    private const string Valid = """
        { "name": "t", "widthMm": 50, "heightMm": 30, "dpi": 203,
          "elements": [ { "type": "text", "id": "serial", "x": 2, "y": 2, "heightMm": 3, "text": "SN {serial}" } ] }
        """;

    [Theory]
    [InlineData("unit")]
    [InlineData("case")]
    [InlineData("pallet")]
    public void The_shipped_templates_load(string name)
    {
        var template = SampleLabels.Template(name);
        Assert.Equal(name, template.Name);
        Assert.NotEmpty(template.Elements);
    }

    [Fact]
    public void Template_variables_are_listed()
    {
        Assert.Equal(["date", "digitalLink", "gtin", "model", "serial"], SampleLabels.Template("unit").Variables.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("\"text\": \"SN {serail}\"", "element 'serial' (text): \"text\": unknown variable {serail}")]
    [InlineData("\"text\": \"SN {serial\"", "'{' at position 4 is never closed")]
    [InlineData("\"text\": \"{serial:yyyy}\"", "only {date} and {expiry} take a format")]
    [InlineData("\"text\": \"{date:hh:mm}\"", "'hh:mm' is not a date format")]
    [InlineData("\"text\": \"SN {serial}\", \"colour\": \"red\"", "element 'serial' (text): unknown property \"colour\"")]
    [InlineData("\"text\": \"SN {serial}\", \"rotation\": 45", "\"rotation\" is 45; use 0, 90, 180 or 270")]
    public void A_malformed_element_is_refused_naming_it(string properties, string expected)
    {
        var json = Valid.Replace("\"text\": \"SN {serial}\"", properties, StringComparison.Ordinal);
        var e = Assert.Throws<LabelTemplateException>(() => LabelTemplate.Parse(json, "t.json"));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.StartsWith("t.json", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "type": "qr", "id": "link", "x": 40, "y": 2, "sizeMm": 20, "data": "{digitalLink}" }""", "element 'link' (qr): falls off the label: right edge at 60 mm, the label is 50 mm wide")]
    [InlineData("""{ "type": "box", "id": "frame", "x": 0, "y": 0, "widthMm": 50, "heightMm": 31 }""", "element 'frame' (box): falls off the label: bottom edge at 31 mm")]
    [InlineData("""{ "type": "gs1-128", "id": "sscc", "x": 5, "y": 2, "widthMm": 40, "heightMm": 10, "rotation": 90, "data": "(00){sscc}" }""", "bottom edge at 42 mm")]
    [InlineData("""{ "type": "qr", "id": "link", "x": 2, "y": 2, "sizeMm": 20, "rotation": 90, "data": "{digitalLink}" }""", "a QR code cannot be rotated")]
    [InlineData("""{ "type": "barcode", "x": 2, "y": 2 }""", "element #2 (barcode): unknown type \"barcode\"")]
    [InlineData("""{ "type": "image", "id": "logo", "x": 2, "y": 2, "widthMm": 10, "heightMm": 5, "path": "missing.png" }""", "element 'logo' (image): image \"missing.png\" not found")]
    [InlineData("""{ "type": "text", "id": "serial", "x": 2, "y": 8, "heightMm": 3, "text": "again" }""", "element 'serial' (text): the id is used twice")]
    [InlineData("""{ "type": "line", "id": "rule", "x": 2, "y": 8, "lengthMm": 10, "direction": "diagonal" }""", "\"direction\" is \"diagonal\"; use horizontal, vertical")]
    public void A_second_element_with_a_problem_is_refused_naming_it(string element, string expected)
    {
        var json = Valid.Replace("] }", ", " + element + "] }", StringComparison.Ordinal);
        var e = Assert.Throws<LabelTemplateException>(() => LabelTemplate.Parse(json, "t.json"));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"dpi\": 203", "\"dpi\": 250", "dpi 250 is not a printer resolution")]
    [InlineData("\"widthMm\": 50,", "", "\"widthMm\" is required")]
    [InlineData("\"heightMm\": 30", "\"heightMm\": \"30\"", "\"heightMm\" must be a number")]
    [InlineData("\"name\": \"t\",", "\"name\": \"t\", \"size\": 3,", "unknown property \"size\"")]
    [InlineData("\"elements\": [", "\"elements\": [ ], \"x\": [", "unknown property \"x\"")]
    public void A_malformed_template_is_refused_with_the_problem(string from, string to, string expected)
    {
        var e = Assert.Throws<LabelTemplateException>(() => LabelTemplate.Parse(Valid.Replace(from, to, StringComparison.Ordinal), "t.json"));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_json_is_refused_with_the_file_name()
    {
        var e = Assert.Throws<LabelTemplateException>(() => LabelTemplate.Parse("{ \"name\": ", "broken.json"));
        Assert.StartsWith("broken.json: not valid JSON", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_elements_are_refused()
    {
        var json = """{ "name": "t", "widthMm": 50, "heightMm": 30, "elements": [] }""";
        Assert.Contains("\"elements\" is empty", Assert.Throws<LabelTemplateException>(() => LabelTemplate.Parse(json)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Data_that_is_not_a_flat_object_is_refused_naming_the_key()
    {
        var e = Assert.Throws<LabelTemplateException>(() => LabelData.Parse("""{ "serial": { "x": 1 } }""", "data.json"));
        Assert.Equal("data.json: \"serial\" must be a string or a number, not Object", e.Message);
        Assert.Equal("24", LabelData.Parse("""{ "count": 24 }""").Get("count"));
    }
}
