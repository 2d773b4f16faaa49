using System.Text;
using Traceability.LineAgent.Devices.Printers;

namespace Traceability.LineAgent.Tests.Devices.Printers;

public sealed class HostStatusParsingTests
{
    // Captured in the layout of the ZPL II Programming Guide's ~HS example: 9600 8N1 (030), 4 in (400 dot) labels, tear-off.
    private const string ReadyAnswer =
        "\u0002030,0,0,0400,000,0,0,0,000,0,0,0\u0003\r\n\u0002001,0,0,0,1,2,6,0,00000000,1,000\u0003\r\n\u00021234,0\u0003\r\n";

    [Fact]
    public void A_ready_printer_parses_as_ready()
    {
        var status = PrinterStatus.Parse(Encoding.ASCII.GetBytes(ReadyAnswer));
        Assert.True(status.IsReady);
        Assert.Empty(status.Conditions);
        Assert.Equal((400, 0, true, ZebraPrintMode.TearOff), (status.LabelLengthDots, status.LabelsRemainingInBatch, status.ThermalTransfer, status.PrintMode));
    }

    [Theory]
    [InlineData("\u0002030,1,0,0400,000,0,0,0,000,0,0,0\u0003\r\n\u0002001,0,0,0,1,2,6,0,00000000,1,000\u0003\r\n\u00021234,0\u0003\r\n", "paper out")]
    [InlineData("\u0002030,0,1,0400,000,0,0,0,000,0,0,0\u0003\r\n\u0002001,0,0,0,1,2,6,0,00000000,1,000\u0003\r\n\u00021234,0\u0003\r\n", "paused")]
    [InlineData("\u0002030,0,0,0400,000,1,0,0,000,0,0,0\u0003\r\n\u0002001,0,0,0,1,2,6,0,00000000,1,000\u0003\r\n\u00021234,0\u0003\r\n", "receive buffer full")]
    [InlineData("\u0002030,0,0,0400,000,0,0,0,000,0,0,0\u0003\r\n\u0002001,0,1,0,1,2,6,0,00000000,1,000\u0003\r\n\u00021234,0\u0003\r\n", "head open")]
    [InlineData("\u0002030,0,0,0400,000,0,0,0,000,0,0,0\u0003\r\n\u0002001,0,0,1,1,2,6,0,00000000,1,000\u0003\r\n\u00021234,0\u0003\r\n", "ribbon out")]
    [InlineData("\u0002030,0,0,0400,000,0,0,0,000,0,0,1\u0003\r\n\u0002001,0,0,0,1,2,6,0,00000000,1,000\u0003\r\n\u00021234,0\u0003\r\n", "head over temperature")]
    public void Each_fault_flag_is_read_from_its_documented_position(string answer, string condition)
    {
        var status = PrinterStatus.Parse(Encoding.ASCII.GetBytes(answer));
        Assert.False(status.IsReady);
        Assert.Equal([condition], status.Conditions);
    }

    [Fact]
    public void Counters_are_read_from_strings_one_and_two()
    {
        var status = PrinterStatus.Parse(Encoding.ASCII.GetBytes(
            "\u0002030,0,0,1218,007,0,0,1,000,0,0,0\u0003\r\n\u0002001,0,0,0,0,1,6,1,00000042,1,003\u0003\r\n\u00021234,0\u0003\r\n"));
        Assert.Equal(
            (1218, 7, true, 42, 3, ZebraPrintMode.PeelOff, true, false),
            (status.LabelLengthDots, status.FormatsInReceiveBuffer, status.PartialFormatInProgress, status.LabelsRemainingInBatch,
             status.GraphicsStored, status.PrintMode, status.LabelWaiting, status.ThermalTransfer));
    }

    [Fact]
    public void Noise_between_frames_is_ignored()
    {
        var status = PrinterStatus.Parse(Encoding.ASCII.GetBytes("\r\n\0" + ReadyAnswer.Replace("\r\n", "\n", StringComparison.Ordinal)));
        Assert.True(status.IsReady);
    }

    [Fact]
    public void The_simulated_answer_round_trips()
    {
        var status = new PrinterStatus { RibbonOut = true, Paused = true, FormatsInReceiveBuffer = 5, LabelsRemainingInBatch = 12, LabelLengthDots = 800 };
        Assert.Equal(status, PrinterStatus.Parse(status.ToHostStatusResponse()));
    }

    [Theory]
    [InlineData("\u0002030,0,0,0400,000,0,0,0,000,0,0,0\u0003\r\n\u0002001,0,0,0,1,2,6,0,00000000,1,000\u0003", "2 of 3")]
    [InlineData("\u0002030,0,0,0400\u0003\u0002001,0,0,0,1,2,6,0,00000000,1,000\u0003\u00021234,0\u0003", "~HS string 1: 4 fields, expected 12")]
    [InlineData("\u0002030,0,0,0400,000,0,0,0,000,0,0,0\u0003\u0002001,0,0,X,1,2,6,0,00000000,1,000\u0003\u00021234,0\u0003", "~HS string 2, field 4 (ribbon out flag): \"X\" is not 0 or 1")]
    [InlineData("\u0002030,0,0,04OO,000,0,0,0,000,0,0,0\u0003\u0002001,0,0,0,1,2,6,0,00000000,1,000\u0003\u00021234,0\u0003", "~HS string 1, field 4 (label length): \"04OO\" is not a number")]
    public void A_garbled_answer_says_which_string_and_field(string answer, string message)
    {
        var e = Assert.Throws<FormatException>(() => PrinterStatus.Parse(Encoding.ASCII.GetBytes(answer)));
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }
}
