using Microsoft.Extensions.Options;

namespace Traceability.LineAgent.Storage;

/// <summary>Checks <see cref="LineStoreOptions"/> at start-up, so a missing path fails before the shift.</summary>
public sealed class LineStoreOptionsValidator : IValidateOptions<LineStoreOptions>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, LineStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        const string Section = LineStoreOptions.SectionName;
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Path))
        {
            failures.Add($"{Section}:Path is empty: name the store file, e.g. data/line-1.db");
        }
        else if (options.Path.IndexOfAny(Path.GetInvalidPathChars()) >= 0 || Directory.Exists(options.Path))
        {
            failures.Add($"{Section}:Path \"{options.Path}\" is not a file path");
        }

        if (string.IsNullOrWhiteSpace(options.LineId))
        {
            failures.Add($"{Section}:LineId is empty: the store remembers which line it belongs to");
        }

        if (options.MaxGroupSize is < 1 or > 100_000)
        {
            failures.Add($"{Section}:MaxGroupSize {options.MaxGroupSize} is not between 1 and 100000");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
