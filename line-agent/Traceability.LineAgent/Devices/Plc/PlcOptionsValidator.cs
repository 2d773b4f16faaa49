using Microsoft.Extensions.Options;
using Traceability.OpcUa;

namespace Traceability.LineAgent.Devices.Plc;

/// <summary>Checks <see cref="PlcOptions"/> at start-up so a mistyped endpoint or node id fails before the shift, not during it.</summary>
public sealed class PlcOptionsValidator : IValidateOptions<PlcOptions>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, PlcOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        const string Section = PlcOptions.SectionName;

        if (!Uri.TryCreate(options.Endpoint, UriKind.Absolute, out var endpoint)
            || endpoint.Scheme != "opc.tcp"
            || string.IsNullOrEmpty(endpoint.Host)
            || endpoint.Port is < 1 or > 65535)
        {
            failures.Add($"{Section}:Endpoint \"{options.Endpoint}\" is not an OPC UA endpoint: expected opc.tcp://host:port");
        }

        foreach (var (option, value) in options.Nodes())
        {
            try
            {
                NodeId.Parse(value ?? "");
            }
            catch (FormatException e)
            {
                // NodeId.Parse says "\"…\" is not a node id: <why>"; prefix the option so the operator knows which line to fix.
                failures.Add($"{Section}:{option} {e.Message}");
            }
        }

        if (options.PublishingInterval <= TimeSpan.Zero || options.PublishingInterval > TimeSpan.FromMinutes(1))
        {
            failures.Add($"{Section}:PublishingInterval {options.PublishingInterval} is not between 0 and 1 minute");
        }

        if (options.SamplingInterval < TimeSpan.Zero || options.SamplingInterval > options.PublishingInterval)
        {
            failures.Add($"{Section}:SamplingInterval {options.SamplingInterval} is not between 0 and the publishing interval");
        }

        if (options.RequestTimeout <= TimeSpan.Zero)
        {
            failures.Add($"{Section}:RequestTimeout {options.RequestTimeout} must be positive");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
