using System.Diagnostics;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Traceability.Testing;

namespace Traceability.EndToEnd.Tests.Plant;

/// <summary>
/// The README's first command, as a process: central, the line agent and the simulated printer, reader and PLC run a
/// work order to ship-ready pallets and leave their data for inspection.
/// </summary>
public sealed class PlantRunTests : IDisposable
{
    private readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task A_plant_run_of_40_units_reconciles_and_central_holds_every_line_event()
    {
        var data = _folder.File("plant");
        var summaryFile = _folder.File("summary.json");

        var (exitCode, output) = await RunPlantAsync(
            "--units", "40", "--exit-when-done", "--data", data, "--summary-json", summaryFile, "--central-port", "0", "--hmi-port", "0");

        Assert.True(exitCode == 0, $"plant exited {exitCode}:\n{output}");
        using var summary = JsonDocument.Parse(await File.ReadAllTextAsync(summaryFile));
        var s = summary.RootElement;
        var (units, verified, rejected, packed) = (s.GetProperty("units").GetInt64(), s.GetProperty("verified").GetInt64(), s.GetProperty("rejected").GetInt64(), s.GetProperty("packed").GetInt64());
        Assert.Equal(40, units);
        Assert.Equal(units, verified + rejected);
        Assert.Equal(verified, packed); // no samples or decommissions in a plant run: every good unit is packed
        Assert.Equal(rejected, s.GetProperty("rejectsByReason").EnumerateObject().Sum(r => r.Value.GetInt64()));
        Assert.True(s.GetProperty("reconciled").GetBoolean());
        Assert.True(s.GetProperty("pallets").GetInt32() >= 1);
        Assert.Equal(s.GetProperty("lineEvents").GetInt64(), s.GetProperty("eventsAtCentral").GetInt64());

        // The data stays: central's database holds one Commissioned event per verified unit.
        Assert.True(File.Exists(Path.Combine(data, "central.db")), $"no central.db in {data}");
        await using var central = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(data, "central.db"), Mode = SqliteOpenMode.ReadOnly }.ToString());
        await central.OpenAsync();
        await using var count = central.CreateCommand();
        count.CommandText = "SELECT COUNT(*) FROM events WHERE type = 'Commissioned';";
        Assert.Equal(verified, (long)(await count.ExecuteScalarAsync())!);
        SqliteConnection.ClearAllPools();
    }

    [Fact]
    public async Task A_bad_option_is_a_message_and_a_non_zero_exit()
    {
        var (exitCode, output) = await RunPlantAsync("--units", "zero");

        Assert.NotEqual(0, exitCode);
        Assert.Contains("--units", output, StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Output)> RunPlantAsync(params string[] args)
    {
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var (framework, configuration) = (testOutput.Name, testOutput.Parent!.Name);
        var plant = RepositoryPaths.Combine("simulators", "Traceability.Plant", "bin", configuration, framework, "Traceability.Plant.dll");
        Assert.True(File.Exists(plant), $"the plant run is not built at {plant}");

        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(plant);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"the plant run did not finish:\n{await stdout}\n{await stderr}");
        }

        return (process.ExitCode, await stdout + await stderr);
    }
}
