using BenchmarkDotNet.Attributes;
using Traceability.Core.Gs1;
using Traceability.Core.Serials;

namespace Traceability.Benchmarks;

/// <summary>
/// Serials per second for one GTIN (target: 1,000,000/s on one core). Each invocation issues a million
/// 12-digit serials, so the "with uniqueness set" cases include the set growing to a GTIN-sized volume.
/// Mean per operation = time per serial.
/// </summary>
[MemoryDiagnoser]
public class SerialGenerationBenchmarks
{
    private const int Serials = 1_000_000;
    private static readonly Gtin Gtin = Gtin.Parse("09506000134352");

    private readonly SerialFormat _digits = new(SerialAlphabet.Digits, 12);
    private readonly SerialFormat _crockford = new(SerialAlphabet.CrockfordBase32, 10);
    private readonly char[] _buffer = new char[20];
    private SerialDraw _rawDigits = null!;

    [GlobalSetup]
    public void Setup() => _rawDigits = new SerialDraw(_digits);

    [Benchmark(OperationsPerInvoke = Serials, Baseline = true)]
    public int Raw_draw_and_encode_12_digits()
    {
        var sum = 0;
        for (var i = 0; i < Serials; i++)
        {
            _rawDigits.Next(_buffer);
            sum += _buffer[0];
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Serials)]
    public int Unique_12_digits_into_span()
    {
        var generator = new SerialGenerator(Gtin, _digits, Serials);
        var sum = 0;
        for (var i = 0; i < Serials; i++)
        {
            sum += generator.Next(_buffer);
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Serials)]
    public int Unique_12_digits_as_serial_strings()
    {
        var generator = new SerialGenerator(Gtin, _digits, Serials);
        var sum = 0;
        for (var i = 0; i < Serials; i++)
        {
            sum += generator.Next().Value.Length;
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Serials)]
    public int Unique_10_crockford_into_span()
    {
        var generator = new SerialGenerator(Gtin, _crockford, Serials);
        var sum = 0;
        for (var i = 0; i < Serials; i++)
        {
            sum += generator.Next(_buffer);
        }

        return sum;
    }
}
