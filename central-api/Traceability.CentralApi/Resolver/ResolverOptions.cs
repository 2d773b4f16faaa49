using Microsoft.Extensions.Options;

namespace Traceability.CentralApi.Resolver;

/// <summary>The GS1 Digital Link resolver central serves (section <c>Resolver</c>).</summary>
public sealed class ResolverOptions
{
    public const string Section = "Resolver";

    /// <summary>
    /// The resolver's public root, e.g. <c>https://id.example.com</c>: what Digital Link URIs on labels start with.
    /// Unset: the scheme and host of each request (right only when clients reach central directly).
    /// </summary>
    public Uri? Root { get; set; }

    /// <summary>The resolver's name in its description file.</summary>
    public string Name { get; set; } = "Traceability resolver";
}

internal sealed class ResolverOptionsValidator : IValidateOptions<ResolverOptions>
{
    public ValidateOptionsResult Validate(string? name, ResolverOptions options)
    {
        if (options.Root is { } root
            && (!root.IsAbsoluteUri || (root.Scheme != Uri.UriSchemeHttps && root.Scheme != Uri.UriSchemeHttp)
                || !string.IsNullOrEmpty(root.Query) || !string.IsNullOrEmpty(root.Fragment)))
        {
            return ValidateOptionsResult.Fail($"Resolver:Root '{root}' is not an absolute http(s) URI without query or fragment.");
        }

        return string.IsNullOrWhiteSpace(options.Name)
            ? ValidateOptionsResult.Fail("Resolver:Name is empty.")
            : ValidateOptionsResult.Success;
    }
}
