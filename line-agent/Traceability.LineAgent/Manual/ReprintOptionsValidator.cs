using Microsoft.Extensions.Options;

namespace Traceability.LineAgent.Manual;

/// <summary>Checks <see cref="ReprintOptions"/> at start-up, naming each bad value.</summary>
public sealed class ReprintOptionsValidator : IValidateOptions<ReprintOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, ReprintOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (!Enum.IsDefined(options.VerifiedUnitPolicy))
        {
            failures.Add($"{ReprintOptions.SectionName}:{nameof(ReprintOptions.VerifiedUnitPolicy)} is {(int)options.VerifiedUnitPolicy}; use Reprint or Reissue.");
        }

        if (options.MaxReprintsPerUnit is < 0 or > 100)
        {
            failures.Add($"{ReprintOptions.SectionName}:{nameof(ReprintOptions.MaxReprintsPerUnit)} is {options.MaxReprintsPerUnit}; it must be 0 to 100.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
