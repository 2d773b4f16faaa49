using System.Globalization;
using Microsoft.Extensions.Options;

namespace Traceability.CentralApi.Security;

/// <summary>Who may call central (section <c>Auth</c>).</summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>The API keys central accepts. None configured: every protected endpoint refuses every request.</summary>
    public IList<ApiKeyEntry> ApiKeys { get; } = [];
}

/// <summary>One API key (<c>Auth:ApiKeys:n</c>).</summary>
public sealed class ApiKeyEntry
{
    /// <summary>The secret sent in <c>X-Api-Key</c>; at least <see cref="AuthOptionsValidator.MinimumKeyLength"/> characters.</summary>
    public string? Key { get; set; }

    /// <summary>One of <see cref="CentralRoles.All"/>.</summary>
    public string? Role { get; set; }

    /// <summary>The line id (Line) or dealer id (Dealer) the key belongs to; optional for staff.</summary>
    public string? Id { get; set; }

    /// <summary>Where the entry was configured (<c>Auth:ApiKeys:3</c>), so errors name the index the operator wrote.</summary>
    internal string? ConfigurationPath { get; set; }

    /// <summary>
    /// Reads <c>Auth:ApiKeys</c>. Not the configuration binder: it renumbers entries (indexes 0, 1, 5 become 0, 1, 2),
    /// and an error must name the index the operator wrote.
    /// </summary>
    internal static void ReadAll(IConfiguration auth, AuthOptions options)
    {
        foreach (var child in auth.GetSection(nameof(AuthOptions.ApiKeys)).GetChildren())
        {
            options.ApiKeys.Add(new ApiKeyEntry
            {
                Key = child[nameof(Key)],
                Role = child[nameof(Role)],
                Id = child[nameof(Id)],
                ConfigurationPath = child.Path,
            });
        }
    }
}

internal sealed class AuthOptionsValidator : IValidateOptions<AuthOptions>
{
    // 16 random characters of a base64 alphabet is 96 bits; anything shorter is guessable or a placeholder.
    public const int MinimumKeyLength = 16;

    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        var failures = new List<string>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < options.ApiKeys.Count; i++)
        {
            var entry = options.ApiKeys[i];
            var at = entry.ConfigurationPath ?? string.Create(CultureInfo.InvariantCulture, $"Auth:ApiKeys:{i}");

            // Never echo the key itself: start-up errors end up in logs.
            if (string.IsNullOrEmpty(entry.Key))
            {
                failures.Add($"{at}:Key is empty.");
            }
            else if (entry.Key.Trim().Length != entry.Key.Length)
            {
                failures.Add($"{at}:Key has leading or trailing white space, which an HTTP header cannot carry.");
            }
            else if (entry.Key.Length < MinimumKeyLength)
            {
                failures.Add(string.Create(
                    CultureInfo.InvariantCulture, $"{at}:Key is {entry.Key.Length} characters; at least {MinimumKeyLength} are required."));
            }
            else if (!seen.TryAdd(entry.Key, i))
            {
                var first = options.ApiKeys[seen[entry.Key]].ConfigurationPath
                    ?? string.Create(CultureInfo.InvariantCulture, $"Auth:ApiKeys:{seen[entry.Key]}");
                failures.Add($"{at}:Key is the same as {first}:Key.");
            }

            if (ApiKeyRing.CanonicalRole(entry.Role) is not { } role)
            {
                failures.Add($"{at}:Role '{entry.Role}' is not one of {string.Join(", ", CentralRoles.All)}.");
            }
            else if (CentralRoles.RequiresId(role) && string.IsNullOrWhiteSpace(entry.Id))
            {
                failures.Add($"{at}:Id is required for role {role} (the {(role == CentralRoles.Line ? "line" : "dealer")} id).");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
