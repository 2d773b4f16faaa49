using Microsoft.Extensions.Options;
using Traceability.Core.Authentication;
using Traceability.LineAgent.Central;
using Traceability.LineAgent.Devices.Plc;
using Traceability.LineAgent.Devices.Printers;
using Traceability.LineAgent.Devices.Readers;
using Traceability.LineAgent.Devices.Transport;
using Traceability.LineAgent.Host.Api;
using Traceability.LineAgent.Host.Configuration;
using Traceability.LineAgent.Host.Hmi;
using Traceability.LineAgent.Host.Runtime;
using Traceability.LineAgent.Pipeline;
using Traceability.LineAgent.Storage;

namespace Traceability.LineAgent.Host;

/// <summary>Composition of the line agent: options per concern (validated at start), the runtime singletons, the service.</summary>
public static class LineAgentHostExtensions
{
    /// <summary>Registers the line agent: store, devices, link to central, pipeline holder and the background service.</summary>
    public static IHostApplicationBuilder AddLineAgent(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddWindowsService();
        builder.Services.AddSystemd();
        var services = builder.Services;
        var config = builder.Configuration;
        services.TryAddSingletonTimeProvider();

        Bind<LineStoreOptions, LineStoreOptionsValidator>(services, config, LineStoreOptions.SectionName);
        Bind<PrinterOptions, PrinterOptionsValidator>(services, config, PrinterOptions.SectionName);
        services.AddOptions<ZplPrinterOptions>().Bind(config.GetSection(PrinterOptions.SectionName));
        Bind<CodeReaderOptions, CodeReaderOptionsValidator>(services, config, CodeReaderOptionsValidator.SectionName);
        Bind<PlcOptions, PlcOptionsValidator>(services, config, PlcOptions.SectionName);
        Bind<PipelineOptions, PipelineOptionsValidator>(services, config, PipelineOptions.SectionName);
        Bind<CentralOptions, CentralOptionsValidator>(services, config, CentralOptions.SectionName);
        Bind<CodeSigningOptions, CodeSigningOptionsValidator>(services, config, CodeSigningOptions.SectionName);
        AddCodeSigner(services, config, builder.Environment);

        services.AddSingleton(sp => LineStore.Open(
            sp.GetRequiredService<IOptions<LineStoreOptions>>().Value, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<LineStore>>()));
        services.AddSingleton(sp => new ZplPrinter(
            StreamConnectors.Create(DeviceEndpoint.Parse(sp.GetRequiredService<IOptions<PrinterOptions>>().Value.Endpoint)),
            sp.GetRequiredService<IOptions<ZplPrinterOptions>>().Value,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<ZplPrinter>>()));
        services.AddSingleton(sp => CodeReader.Create(
            sp.GetRequiredService<IOptions<CodeReaderOptions>>().Value, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<CodeReader>>()));
        services.AddSingleton(sp => new CentralLink(
            sp.GetRequiredService<LineStore>(),
            sp.GetRequiredService<IOptions<CentralOptions>>().Value,
            new StoreLineStatus(sp.GetRequiredService<LineStore>()),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<CentralLink>>()));
        services.AddSingleton(sp => new LineRuntime(
            sp.GetRequiredService<LineStore>(),
            sp.GetRequiredService<ZplPrinter>(),
            sp.GetRequiredService<CodeReader>(),
            sp.GetRequiredService<CentralLink>(),
            sp.GetRequiredService<IOptions<PipelineOptions>>().Value,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILoggerFactory>(),
            sp.GetService<CodeSigner>()));
        services.AddHostedService<LineAgentService>();
        services.AddHmi(builder.Configuration);
        services.AddLineApi(builder.Configuration);

        services.AddManualWork(builder.Configuration);
        return builder;
    }

    /// <summary>Maps the agent's own endpoints, the HMI's pages and the manual-work API.</summary>
    public static WebApplication MapLineAgent(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGet("/healthz", (LineRuntime line) => Results.Ok(new
        {
            lineId = line.Store.LineId,
            plc = line.Plc?.State.ToString() ?? "Connecting",
            printer = line.Printer.State.ToString(),
            reader = line.Reader.State.ToString(),
            central = line.Central.Status.State.ToString(),
            workOrder = line.Pipeline?.WorkOrderId,
            pipeline = line.Pipeline?.State.ToString(),
        }));
        app.MapHmi();
        app.MapLineApi();

        app.MapManualWork();
        return app;
    }

    /// <summary>Registers a <see cref="CodeSigner"/> when <c>CodeSigning</c> names a key (read at start; the validator reports a bad one).</summary>
    private static void AddCodeSigner(IServiceCollection services, IConfiguration config, IHostEnvironment environment)
    {
        var options = config.GetSection(CodeSigningOptions.SectionName).Get<CodeSigningOptions>() ?? new CodeSigningOptions();
        if (!options.IsConfigured || services.Any(d => d.ServiceType == typeof(CodeSigner)))
        {
            return;
        }

        services.AddSingleton(_ => CodeSigningKeyLoader.TryLoad(options, environment.ContentRootPath, out var key, out var problem)
            ? key
            : throw new InvalidOperationException(problem));
        services.AddSingleton(sp => new CodeSigner(sp.GetRequiredService<CodeSigningKey>()));
    }

    private static void Bind<TOptions, TValidator>(IServiceCollection services, IConfiguration config, string section)
        where TOptions : class
        where TValidator : class, IValidateOptions<TOptions>
    {
        services.AddOptions<TOptions>().Bind(config.GetSection(section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TOptions>, TValidator>();
    }

    private static void TryAddSingletonTimeProvider(this IServiceCollection services)
    {
        if (!services.Any(d => d.ServiceType == typeof(TimeProvider)))
        {
            services.AddSingleton(TimeProvider.System);
        }
    }
}
