using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Traceability.Core.Authentication;
using LineEventTypes = Traceability.CentralApi.Storage.LineEventTypes;
using Traceability.Core.Gs1;
using Traceability.Core.Lifecycle;
using Traceability.LineAgent.Host;
using Traceability.LineAgent.Host.Runtime;
using Traceability.LineAgent.Pipeline;
using Traceability.LineAgent.Storage;
using Traceability.Simulators.Printers;
using Traceability.Simulators.Readers;

namespace Traceability.Plant;

/// <summary>One plant run: central, the simulated devices, the line agent, one work order through to pallets.</summary>
internal sealed class PlantRun(PlantOptions options, TextWriter output, TextWriter error)
{
    private const string LineId = "line-1";
    private static readonly Gtin Gtin = Gtin.Parse("09506000134352");
    private static readonly OperatorAction Operator = new("plant-run", "plant run");
    // A fresh engineer PIN per run, printed with the HMI's URL (the agent refuses to start without one).
    private readonly string _engineerPin = System.Security.Cryptography.RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", CultureInfo.InvariantCulture);

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await RunCoreAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (PlantException e)
        {
            await error.WriteLineAsync("plant: " + e.Message).ConfigureAwait(false);
            return 1;
        }
    }

    private async Task<int> RunCoreAsync(CancellationToken cancellationToken)
    {
        var repository = FindRepository();
        Directory.CreateDirectory(options.DataDirectory);
        await output.WriteLineAsync($"Data folder: {options.DataDirectory} (central.db, {LineId}.db, plc/, keys/)").ConfigureAwait(false);
        var adminKey = NewKey("admin");
        var lineKey = NewKey(LineId);
        var centralHttp = options.CentralHttpPort is 0 ? FreePort() : options.CentralHttpPort;
        var centralGrpc = options.CentralGrpcPort is 0 ? FreePort() : options.CentralGrpcPort;
        var hmi = options.HmiPort is 0 ? FreePort() : options.HmiPort;
        var centralDb = Path.Combine(options.DataDirectory, "central.db");
        var keys = PlantKeys.Ensure(options.DataDirectory);

        using var plc = await PlcProcess.StartAsync(
            Path.Combine(repository, "simulators", "plc-opcua"), Path.Combine(options.DataDirectory, "plc"), options.Rate, options.ShiftDepth, options.UnitsPerCase, output, cancellationToken).ConfigureAwait(false);
        await using var printer = new SimulatedZplPrinter();
        printer.StartTcp();
        await using var reader = SimulatedCodeReader.Start(new SimulatedReaderOptions { NoReadRate = options.NoReadRate, Seed = Environment.TickCount });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var conveyor = Task.Run(() => ConveyAsync(printer, reader, stop.Token), stop.Token);

        await using var central = await StartCentralAsync(centralDb, centralHttp, centralGrpc, adminKey, lineKey, keys, cancellationToken).ConfigureAwait(false);
        var centralUrl = string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{centralHttp}");
        var workOrderId = "WO-" + DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        await PlanAsync(centralUrl, adminKey, workOrderId, cancellationToken).ConfigureAwait(false);

        await using var agent = await StartAgentAsync(repository, hmi, centralGrpc, lineKey, keys, plc.Endpoint, printer.TcpEndpoint, reader.Port, cancellationToken).ConfigureAwait(false);
        var line = agent.Services.GetRequiredService<LineRuntime>();
        await output.WriteLineAsync($"Central  {centralUrl} (gRPC :{centralGrpc});  HMI  http://127.0.0.1:{hmi} (engineer PIN {_engineerPin})").ConfigureAwait(false);

        var summary = await RunWorkOrderAsync(line, workOrderId, centralDb, cancellationToken).ConfigureAwait(false);
        await output.WriteLineAsync(summary.ToText()).ConfigureAwait(false);
        if (options.SummaryJson is { } file)
        {
            await File.WriteAllTextAsync(file, JsonSerializer.Serialize(summary, Json), cancellationToken).ConfigureAwait(false);
        }

        if (!options.ExitWhenDone)
        {
            await output.WriteLineAsync($"Central at {centralUrl}, the HMI at http://127.0.0.1:{hmi}; Ctrl-C stops.").ConfigureAwait(false);
            using var ctrlC = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            void OnCancelKeyPress(object? sender, ConsoleCancelEventArgs e)
            {
                e.Cancel = true;
                ctrlC.Cancel();
            }

            Console.CancelKeyPress += OnCancelKeyPress;
            try
            {
                await Task.Delay(Timeout.Infinite, ctrlC.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // stopping
            }
            finally
            {
                // A second Ctrl-C while central and the agent stop ends the process the default way; the handler would
                // cancel a disposed token source.
                Console.CancelKeyPress -= OnCancelKeyPress;
            }
        }

        await agent.StopAsync(CancellationToken.None).ConfigureAwait(false);
        await central.StopAsync(CancellationToken.None).ConfigureAwait(false);
        await stop.CancelAsync().ConfigureAwait(false);
        await conveyor.ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
        SqliteConnection.ClearAllPools();
        return summary.Exact ? 0 : 3;
    }

    private async Task<PlantSummary> RunWorkOrderAsync(LineRuntime line, string workOrderId, string centralDb, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        while (line.Plc is null || line.Store.FindWorkOrder(workOrderId) is null || line.Store.PoolStatus(Gtin).Remaining < Math.Min(options.Units, 100))
        {
            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }

        var clock = Stopwatch.StartNew();
        var pipeline = await line.StartWorkOrderAsync(workOrderId, Operator, cancellationToken).ConfigureAwait(false);
        var progress = new ProgressBar(output, options.Units, Console.IsOutputRedirected || output != Console.Out);
        while (true)
        {
            var counts = line.Store.FindWorkOrder(workOrderId)!.Counts;
            progress.Show(counts.Issued, counts.Rejected, pipeline.State.ToString());
            if (counts.Issued >= options.Units)
            {
                break;
            }

            if (pipeline.State == PipelineState.Faulted)
            {
                progress.Done();
                throw new PlantException($"The line faulted: {pipeline.FaultReason}");
            }

            await Task.Delay(200, cancellationToken).ConfigureAwait(false);
        }

        var closed = await line.CloseWorkOrderAsync(Operator, cancellationToken).ConfigureAwait(false);
        clock.Stop();
        progress.Show(closed.Counts.Issued, closed.Counts.Rejected, "closed");
        progress.Done();
        await output.WriteLineAsync("Waiting for central to acknowledge every event...").ConfigureAwait(false);
        while (line.Store.Outbox.AcknowledgedSequence < line.Store.Outbox.DurableSequence)
        {
            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }

        var units = line.Store.UnitsOf(workOrderId);
        var containers = line.Store.ContainersOf(workOrderId);
        var recount = line.Store.CountFromData(workOrderId);
        var rejects = units.Where(u => u.RejectReason is not null).GroupBy(u => u.RejectReason!).ToDictionary(g => g.Key, g => g.Count());
        var lineVerdicts = units
            .Where(u => u.State is SerialState.Commissioned or SerialState.Inactive or SerialState.LabelScrapped)
            .ToDictionary(u => u.Key.Serial.Value, u => u.State == SerialState.LabelScrapped ? LineEventTypes.Rejected : LineEventTypes.Commissioned, StringComparer.Ordinal);
        var c = closed.Counts;
        return new PlantSummary(
            workOrderId, c.Issued, c.Verified, c.Rejected, rejects, c.Packed,
            containers.Count(x => x.Kind == ContainerKind.Case), containers.Count(x => x.Kind == ContainerKind.Pallet),
            line.Store.Outbox.DurableSequence, CountCentralEvents(centralDb),
            recount == c && c.IsBalanced && c.AwaitingVerdict == 0 && c.Unused == 0 && closed.State == WorkOrderState.Closed,
            clock.Elapsed.TotalSeconds, c.Issued / Math.Max(clock.Elapsed.TotalMinutes, 1e-9), options.DataDirectory)
        {
            Counts = new PlantCounts(c.Issued, c.Unused, c.Printed, c.AwaitingVerdict, c.Verified, c.Rejected, c.Packed, c.Samples, c.Decommissioned, c.Loose),
            Central = CheckCentral(centralDb, lineVerdicts),
            Pipeline = pipeline.Counters,
            SerialsUsedTwice = units.Count - units.Select(u => u.Key).Distinct().Count(),
        };
    }

    /// <summary>Central's Commissioned/Rejected events for the line's GTIN, unit by unit, against the line's verdicts.</summary>
    private static CentralCheck CheckCentral(string database, Dictionary<string, string> lineVerdicts)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database, Mode = SqliteOpenMode.ReadOnly }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT serial, type FROM events WHERE line_id = $line AND gtin = $gtin AND type IN ($commissioned, $rejected);";
        command.Parameters.AddWithValue("$line", LineId);
        command.Parameters.AddWithValue("$gtin", Gtin.Value);
        command.Parameters.AddWithValue("$commissioned", LineEventTypes.Commissioned);
        command.Parameters.AddWithValue("$rejected", LineEventTypes.Rejected);
        var atCentral = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                var serial = reader.GetString(0);
                if (!atCentral.TryGetValue(serial, out var verdicts))
                {
                    atCentral[serial] = verdicts = [];
                }

                verdicts.Add(reader.GetString(1));
            }
        }

        return new CentralCheck(
            atCentral.Values.Count(v => v.Contains(LineEventTypes.Commissioned)),
            atCentral.Values.Count(v => v.Contains(LineEventTypes.Rejected)),
            atCentral.Values.Count(v => v.Count > 1),
            lineVerdicts.Keys.Count(s => !atCentral.ContainsKey(s)),
            atCentral.Keys.Count(s => !lineVerdicts.ContainsKey(s)),
            lineVerdicts.Count(kv => atCentral.TryGetValue(kv.Key, out var v) && v.Count == 1 && v[0] != kv.Value));
    }

    private static async Task ConveyAsync(SimulatedZplPrinter printer, SimulatedCodeReader reader, CancellationToken cancellationToken)
    {
        // The conveyor: every printed label passes under the reader.
        await foreach (var label in printer.Printed.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            await reader.InspectAsync(label.Png, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<WebApplication> StartCentralAsync(string database, int http, int grpc, string adminKey, string lineKey, PlantKeys keys, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ApplicationName = "Traceability.CentralApi" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Warning",
            ["Kestrel:Endpoints:Http:Url"] = string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{http}"),
            ["Kestrel:Endpoints:Http:Protocols"] = "Http1",
            ["Kestrel:Endpoints:Grpc:Url"] = string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{grpc}"),
            ["Kestrel:Endpoints:Grpc:Protocols"] = "Http2",
            ["Storage:Provider"] = "Sqlite",
            ["Storage:ConnectionString"] = new SqliteConnectionStringBuilder { DataSource = database }.ToString(),
            ["Auth:ApiKeys:0:Key"] = adminKey,
            ["Auth:ApiKeys:0:Role"] = "Admin",
            ["Auth:ApiKeys:1:Key"] = lineKey,
            ["Auth:ApiKeys:1:Role"] = "Line",
            ["Auth:ApiKeys:1:Id"] = LineId,
            ["CodeSigning:VerificationKeys:0:KeyId"] = keys.KeyId,
            ["CodeSigning:VerificationKeys:0:PublicKeyFile"] = keys.PublicKeyFile,
        });
        Traceability.CentralApi.CentralApiExtensions.AddCentralApi(builder);
        var app = builder.Build();
        Traceability.CentralApi.CentralApiExtensions.MapCentralApi(app);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        return app;
    }

    private async Task PlanAsync(string centralUrl, string adminKey, string workOrderId, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = new Uri(centralUrl) };
        http.DefaultRequestHeaders.Add("X-Api-Key", adminKey);
        await SendAsync(http, "/api/products", new { gtin = Gtin.ToString(), companyPrefixLength = 7, model = "S9 45mm", name = "Smartwatch S9" }, cancellationToken).ConfigureAwait(false);
        await SendAsync(http, "/api/work-orders", new
        {
            workOrderId, lineId = LineId, gtin = Gtin.ToString(), lot = "L" + DateTime.UtcNow.ToString("yyMMdd", CultureInfo.InvariantCulture),
            expiry = DateTime.UtcNow.AddYears(2).ToString("yyMMdd", CultureInfo.InvariantCulture), quantity = options.Units,
            unitsPerCase = options.UnitsPerCase, casesPerPallet = options.CasesPerPallet, model = "S9 45mm",
        }, cancellationToken).ConfigureAwait(false);
        await SendAsync(http, $"/api/work-orders/{workOrderId}/release", new { }, cancellationToken).ConfigureAwait(false);
        await output.WriteLineAsync($"Planned at central: product {Gtin}, work order {workOrderId} ({options.Units} units), released to {LineId}").ConfigureAwait(false);
    }

    private static async Task SendAsync(HttpClient http, string path, object body, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync(new Uri(path, UriKind.Relative), body, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new PlantException($"POST {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false)}");
        }
    }

    private async Task<WebApplication> StartAgentAsync(
        string repository, int hmi, int centralGrpc, string lineKey, PlantKeys keys, string plcEndpoint, string printerEndpoint, int readerPort, CancellationToken cancellationToken)
    {
        var templates = Path.Combine(repository, "label-templates", "templates");
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ApplicationName = "Traceability.LineAgent.Host" });
        var readWindow = TimeSpan.FromSeconds(1.5);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Warning",
            ["Kestrel:Endpoints:Http:Url"] = string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{hmi}"),
            ["Hmi:EngineerPin"] = _engineerPin,
            ["LineStore:LineId"] = LineId,
            ["LineStore:Path"] = Path.Combine(options.DataDirectory, LineId + ".db"),
            ["Printer:Endpoint"] = printerEndpoint,
            ["CodeReader:Endpoint"] = string.Create(CultureInfo.InvariantCulture, $"tcp://127.0.0.1:{readerPort}"),
            ["Plc:Endpoint"] = plcEndpoint,
            ["Pipeline:ReadWindow"] = readWindow.ToString(),
            // The PLC's gate is ShiftDepth units after the trigger.
            ["Pipeline:VerdictDeadline"] = TimeSpan.FromMinutes(options.ShiftDepth / (double)options.Rate).ToString(),
            ["Pipeline:SsccExtensionDigit"] = "3",
            ["Pipeline:CompanyPrefix"] = "9506000",
            ["Pipeline:DigitalLinkPrefix"] = "https://id.example.com",
            ["Pipeline:UnitTemplate"] = Path.Combine(templates, "unit.json"),
            ["Pipeline:CaseTemplate"] = Path.Combine(templates, "case.json"),
            ["Pipeline:PalletTemplate"] = Path.Combine(templates, "pallet.json"),
            ["Pipeline:Model"] = "S9 45mm",
            ["Pipeline:Destination"] = "DC-1",
            ["Central:Url"] = string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{centralGrpc}"),
            ["Central:ApiKey"] = lineKey,
            // The plant signs unit codes (DigSig, AI 8030) as a production line does, with the data folder's brand key.
            ["CodeSigning:KeyId"] = keys.KeyId,
            ["CodeSigning:PrivateKeyFile"] = keys.PrivateKeyFile,
            ["Central:WorkOrderPollInterval"] = "00:00:01",
            ["Central:PoolCheckInterval"] = "00:00:00.5",
            ["Central:HeartbeatInterval"] = "00:00:02",
            ["Central:PoolBlockSize"] = Math.Clamp(options.Units * 2, 100, 100_000).ToString(CultureInfo.InvariantCulture),
            ["Central:PoolLowWaterMark"] = Math.Clamp(options.Units, 50, 50_000).ToString(CultureInfo.InvariantCulture),
        });
        if (TimeSpan.FromMinutes(options.ShiftDepth / (double)options.Rate) <= readWindow)
        {
            throw new PlantException($"--rate {options.Rate}: at this speed the PLC's reject gate ({options.ShiftDepth} units on) comes before the reader's window closes; use a rate below {(int)(options.ShiftDepth / readWindow.TotalMinutes)} or a --shift-depth above {(int)Math.Ceiling(readWindow.TotalMinutes * options.Rate)}.");
        }

        builder.AddLineAgent();
        var app = builder.Build();
        app.MapLineAgent();
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        return app;
    }

    private static long CountCentralEvents(string database)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database, Mode = SqliteOpenMode.ReadOnly }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM events WHERE line_id = $line;";
        command.Parameters.AddWithValue("$line", LineId);
        return (long)command.ExecuteScalar()!;
    }

    private static string FindRepository()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "simulators", "plc-opcua", "server.js")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new PlantException("Run from the Traceability repository: simulators/plc-opcua and label-templates are needed.");
    }

    private static string NewKey(string who) => $"{who}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16))}";

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
