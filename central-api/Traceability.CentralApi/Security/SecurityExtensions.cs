using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace Traceability.CentralApi.Security;

/// <summary>Registration of API-key authentication and the role policies.</summary>
public static class SecurityExtensions
{
    /// <summary>API keys from <c>Auth:ApiKeys</c> (validated at start), the <c>ApiKey</c> scheme and <see cref="CentralPolicies"/>.</summary>
    public static IHostApplicationBuilder AddCentralSecurity(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var section = builder.Configuration.GetSection(AuthOptions.Section);
        builder.Services.AddOptions<AuthOptions>()
            .Configure(options => ApiKeyEntry.ReadAll(section, options))
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<AuthOptions>, AuthOptionsValidator>();
        builder.Services.AddSingleton<ApiKeyRing>();
        builder.Services.AddHostedService<ApiKeyStartupCheck>();
        builder.Services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(
                ApiKeyAuthenticationHandler.SchemeName, _ => { });
        builder.Services.AddAuthorization(CentralPolicies.Add);
        builder.Services.AddSingleton<IAuthorizationMiddlewareResultHandler, GrpcAuthorizationResultHandler>();
        return builder;
    }
}
