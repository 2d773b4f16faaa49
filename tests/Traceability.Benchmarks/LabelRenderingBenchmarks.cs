using BenchmarkDotNet.Attributes;
using Traceability.Labels;
using Traceability.Labels.Templates;
using Traceability.Labels.Zpl;

namespace Traceability.Benchmarks;

/// <summary>Targets (issue 3): the unit label to ZPL at 50,000/s or more on one core, to PNG at 1,000/s or more.</summary>
[MemoryDiagnoser]
public class LabelRenderingBenchmarks
{
    private LabelTemplate _unit = null!;
    private LabelTemplate _case = null!;
    private LabelData _unitData = null!;
    private LabelData _caseData = null!;
    private string _unitZpl = null!;
    private int _serial;

    [GlobalSetup]
    public void Setup()
    {
        var root = FindRoot();
        _unit = LabelTemplate.Load(Path.Combine(root, "label-templates", "templates", "unit.json"));
        _case = LabelTemplate.Load(Path.Combine(root, "label-templates", "templates", "case.json"));
        _unitData = LabelData.Load(Path.Combine(root, "label-templates", "samples", "unit-data.json"));
        _caseData = LabelData.Load(Path.Combine(root, "label-templates", "samples", "case-data.json"));
        _unitZpl = LabelRenderer.RenderZpl(_unit, _unitData);
    }

    [Benchmark]
    public string UnitLabelToZpl() => LabelRenderer.RenderZpl(_unit, NextUnit());

    [Benchmark]
    public byte[] UnitLabelToPng() => LabelRenderer.RenderPng(_unit, NextUnit());

    [Benchmark]
    public string CaseLabelToZpl() => LabelRenderer.RenderZpl(_case, _caseData);

    [Benchmark]
    public byte[] UnitZplPreviewToPng() => ZplInterpreter.RenderPng(_unitZpl, new ZplRenderOptions(12));

    // Every label carries its own serial, as on the line: nothing is cached between renders by accident.
    private LabelData NextUnit()
    {
        var serial = (++_serial).ToString("D12", System.Globalization.CultureInfo.InvariantCulture);
        var values = new Dictionary<string, string>(_unitData.Values)
        {
            ["serial"] = serial,
            ["digitalLink"] = _unitData.Get("digitalLink").Replace("Q7XK2M9PZR4T", serial, StringComparison.Ordinal),
        };
        return new LabelData(values);
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Traceability.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Run the benchmarks from inside the repository.");
    }
}
