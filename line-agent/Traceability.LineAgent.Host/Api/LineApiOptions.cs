using Microsoft.Extensions.Options;

namespace Traceability.LineAgent.Host.Api;

/// <summary>The agent's HTTP API for engineers and tools (section <c>LineApi</c>).</summary>
public sealed class LineApiOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "LineApi";

    /// <summary>Units per case of a work order created on the line when the request names none.</summary>
    public int DefaultUnitsPerCase { get; set; } = 10;

    /// <summary>Cases per pallet of a work order created on the line when the request names none.</summary>
    public int DefaultCasesPerPallet { get; set; } = 10;

    /// <summary>The namespace of the <c>tr:</c> extension fields in EPCIS reports (central's Epcis:ExtensionNamespace).</summary>
    public string EpcisExtensionNamespace { get; set; } = "https://traceability.invalid/epcis/";
}

/// <summary>Checks <see cref="LineApiOptions"/> at start.</summary>
public sealed class LineApiOptionsValidator : IValidateOptions<LineApiOptions>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, LineApiOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.DefaultUnitsPerCase is < 1 or > 100_000)
        {
            failures.Add($"LineApi:DefaultUnitsPerCase {options.DefaultUnitsPerCase} must be from 1 to 100000.");
        }

        if (options.DefaultCasesPerPallet is < 1 or > 10_000)
        {
            failures.Add($"LineApi:DefaultCasesPerPallet {options.DefaultCasesPerPallet} must be from 1 to 10000.");
        }

        if (!Uri.TryCreate(options.EpcisExtensionNamespace, UriKind.Absolute, out _)
            || !(options.EpcisExtensionNamespace.EndsWith('/') || options.EpcisExtensionNamespace.EndsWith('#')))
        {
            failures.Add($"LineApi:EpcisExtensionNamespace '{options.EpcisExtensionNamespace}' must be an absolute URI ending in '/' or '#'.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
