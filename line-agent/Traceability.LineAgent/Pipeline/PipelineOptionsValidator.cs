using Microsoft.Extensions.Options;

namespace Traceability.LineAgent.Pipeline;

/// <summary>Checks <see cref="PipelineOptions"/> at start-up: a wrong prefix or a missing template fails before the shift.</summary>
public sealed class PipelineOptionsValidator : IValidateOptions<PipelineOptions>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, PipelineOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        const string Section = PipelineOptions.SectionName;
        var failures = new List<string>();
        Positive(options.ReadWindow, nameof(options.ReadWindow));
        Positive(options.VerdictDeadline, nameof(options.VerdictDeadline));
        Positive(options.SweepInterval, nameof(options.SweepInterval));
        Positive(options.ContainerReadWindow, nameof(options.ContainerReadWindow));
        Positive(options.PrinterProbeInterval, nameof(options.PrinterProbeInterval));
        if (options.ReadWindow >= options.VerdictDeadline)
        {
            failures.Add($"{Section}:ReadWindow {options.ReadWindow} must be shorter than {Section}:VerdictDeadline {options.VerdictDeadline}: the verdict still has to be stored and written to the PLC");
        }

        if (options.ContainerLabelAttempts is < 1 or > 20)
        {
            failures.Add($"{Section}:ContainerLabelAttempts {options.ContainerLabelAttempts} is not between 1 and 20");
        }

        if (options.WarmUpUnits is < 0 or > 1000)
        {
            failures.Add($"{Section}:WarmUpUnits {options.WarmUpUnits} is not between 0 and 1000");
        }

        if (options.SsccExtensionDigit is < 0 or > 9)
        {
            failures.Add($"{Section}:SsccExtensionDigit {options.SsccExtensionDigit} is not a digit 0–9");
        }

        if (options.CompanyPrefix is not { Length: >= 4 and <= 12 } || !options.CompanyPrefix.All(char.IsAsciiDigit))
        {
            failures.Add($"{Section}:CompanyPrefix \"{options.CompanyPrefix}\" must be 4 to 12 digits (GS1 Company Prefix)");
        }

        if (!Uri.TryCreate(options.DigitalLinkPrefix, UriKind.Absolute, out var prefix) || (prefix.Scheme != Uri.UriSchemeHttps && prefix.Scheme != Uri.UriSchemeHttp))
        {
            failures.Add($"{Section}:DigitalLinkPrefix \"{options.DigitalLinkPrefix}\" is not an http(s) URL, e.g. https://id.example.com");
        }

        Template(options.UnitTemplate, nameof(options.UnitTemplate));
        Template(options.CaseTemplate, nameof(options.CaseTemplate));
        Template(options.PalletTemplate, nameof(options.PalletTemplate));
        if (string.IsNullOrWhiteSpace(options.AgentOperatorId))
        {
            failures.Add($"{Section}:AgentOperatorId is empty: the audit trail names who acted");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);

        void Positive(TimeSpan value, string field)
        {
            if (value <= TimeSpan.Zero)
            {
                failures.Add($"{Section}:{field} {value} must be positive");
            }
        }

        void Template(string path, string field)
        {
            if (string.IsNullOrWhiteSpace(path))
            {
                failures.Add($"{Section}:{field} is empty: name the label template file");
            }
            else if (!File.Exists(path))
            {
                failures.Add($"{Section}:{field} \"{path}\" does not exist");
            }
        }
    }
}
