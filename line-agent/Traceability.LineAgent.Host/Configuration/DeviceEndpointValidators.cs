using Microsoft.Extensions.Options;
using Traceability.LineAgent.Devices.Readers;
using Traceability.LineAgent.Devices.Transport;

namespace Traceability.LineAgent.Host.Configuration;

/// <summary>A printer endpoint that does not parse (a port of 70000, a typo in the scheme) stops the agent at start, naming the key.</summary>
public sealed class PrinterOptionsValidator : IValidateOptions<PrinterOptions>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, PrinterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return DeviceEndpoint.TryParse(options.Endpoint, out _, out var error)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"{PrinterOptions.SectionName}:Endpoint: {error}");
    }
}

/// <summary>Checks the reader's endpoint, framing and trigger command at start.</summary>
public sealed class CodeReaderOptionsValidator : IValidateOptions<CodeReaderOptions>
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "CodeReader";

    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, CodeReaderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (!DeviceEndpoint.TryParse(options.Endpoint, out _, out var error))
        {
            failures.Add($"{SectionName}:Endpoint: {error}");
        }

        if (!ReaderFraming.TryParse(options.Framing, out _, out var framingError))
        {
            failures.Add($"{SectionName}:Framing: {framingError}");
        }

        try
        {
            _ = options.TriggerBytes();
        }
        catch (FormatException e)
        {
            failures.Add($"{SectionName}:TriggerCommand: {e.Message}");
        }

        if (string.IsNullOrEmpty(options.NoReadToken))
        {
            failures.Add($"{SectionName}:NoReadToken is empty");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
