using Traceability.Testing;

namespace Traceability.Simulators.Tests.Printers;

public sealed class PrinterDatasheetTests
{
    [Theory]
    [InlineData("RibbonOut")]
    [InlineData("PaperOut")]
    [InlineData("HeadOpen")]
    [InlineData("Paused")]
    [InlineData("Jam()")]
    [InlineData("DropConnection()")]
    [InlineData("ResponseDelay")]
    [InlineData("StartTcp()")]
    [InlineData("ServeSerial(path)")]
    [InlineData("Errors")]
    [InlineData("PrintedLabels")]
    public void The_datasheet_describes_each_knob_and_interface(string name)
    {
        var datasheet = File.ReadAllText(RepositoryPaths.Combine("simulators", "Traceability.Simulators", "Printers", "DATASHEET.md"));
        Assert.Contains($"`{name}`", datasheet, StringComparison.Ordinal);
    }
}
