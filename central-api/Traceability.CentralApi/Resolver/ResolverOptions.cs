using Microsoft.Extensions.Options;

namespace Traceability.CentralApi.Resolver;

/// <summary>The GS1 Digital Link resolver (section <c>Resolver</c>).</summary>
public sealed class ResolverOptions
{
    public const string Section = "Resolver";

    /// <summary>
    /// The root of the canonical URIs the linkset names as its anchors (the subject of what it says), e.g.
    /// <c>https://id.gs1.org/01/09506000134352/21/X</c>. Default: GS1's own resolver, as the GS1-Conformant Resolver
    /// standard suggests; set it to the brand's own domain when labels carry that.
    /// </summary>
    public Uri CanonicalRoot { get; set; } = new("https://id.gs1.org");

    /// <summary>
    /// How clients reach this server (scheme, host, optional path), for the links it hands out. Default: taken from
    /// each request, which is right unless a proxy rewrites the host.
    /// </summary>
    public Uri? PublicRoot { get; set; }

    /// <summary>The resolver's name in its description file (<c>/.well-known/gs1resolver</c>).</summary>
    public string Name { get; set; } = "Traceability resolver";
}

internal sealed class ResolverOptionsValidator : IValidateOptions<ResolverOptions>
{
    public ValidateOptionsResult Validate(string? name, ResolverOptions options)
    {
        var failures = new List<string>();
        Check(failures, "Resolver:CanonicalRoot", options.CanonicalRoot);
        if (options.PublicRoot is not null)
        {
            Check(failures, "Resolver:PublicRoot", options.PublicRoot);
        }

        if (string.IsNullOrWhiteSpace(options.Name))
        {
            failures.Add("Resolver:Name is empty.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Check(List<string> failures, string key, Uri? uri)
    {
        if (uri is null || !uri.IsAbsoluteUri || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
            || uri.Query.Length > 0 || uri.Fragment.Length > 0)
        {
            failures.Add($"{key} '{uri}' must be an absolute http(s) URI without query or fragment, e.g. https://id.example.com.");
        }
    }
}

/// <summary>Registration of the resolver.</summary>
internal static class ResolverRegistration
{
    public static IServiceCollection AddResolver(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ResolverOptions>().Bind(configuration.GetSection(ResolverOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ResolverOptions>, ResolverOptionsValidator>();
        services.AddSingleton<DigitalLinkResolver>();
        return services;
    }
}
