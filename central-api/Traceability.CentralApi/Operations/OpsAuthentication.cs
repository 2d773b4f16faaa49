using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;
using Traceability.CentralApi.Security;

namespace Traceability.CentralApi.Operations;

/// <summary>
/// How the operations page knows its caller: a browser by its session cookie (set by signing in with an Admin API key),
/// a script by its <c>X-Api-Key</c>. One policy scheme picks between them per request, so a browser without a session
/// is sent to the sign-in form and a script with a wrong key gets the API's 401 problem.
/// </summary>
internal static class OpsAuthentication
{
    /// <summary>The scheme the operations policy names: forwards to <see cref="CookieScheme"/> or to the API-key scheme.</summary>
    public const string Scheme = "Operations";

    /// <summary>The session cookie's scheme.</summary>
    public const string CookieScheme = "OperationsSession";

    /// <summary>Who may open the operations page: Admin.</summary>
    public const string Policy = "Operations";

    public const string CookieName = "traceability-ops";
    public const string AntiforgeryCookieName = "traceability-ops-csrf";

    public static void Add(IServiceCollection services)
    {
        services.AddSingleton<OpsSessionStore>();
        services.AddSingleton<IConfigureOptions<CookieAuthenticationOptions>, OpsCookieSetup>();
        services.AddAuthentication()
            .AddCookie(CookieScheme, cookie =>
            {
                cookie.Cookie.Name = CookieName;
                cookie.Cookie.Path = OpsPaths.Home;
                cookie.Cookie.HttpOnly = true;
                cookie.Cookie.SameSite = SameSiteMode.Strict;
                cookie.Cookie.SecurePolicy = Microsoft.AspNetCore.Http.CookieSecurePolicy.SameAsRequest;
                cookie.LoginPath = OpsPaths.SignIn;
                cookie.LogoutPath = OpsPaths.SignOut;
                cookie.ReturnUrlParameter = "returnUrl";
                cookie.SlidingExpiration = false;
                // A relative Location: behind a proxy central may not know the host name the browser used.
                cookie.Events.OnRedirectToLogin = context =>
                {
                    context.Response.StatusCode = StatusCodes.Status302Found;
                    context.Response.Headers.Location = new Uri(context.RedirectUri, UriKind.RelativeOrAbsolute) is { IsAbsoluteUri: true } absolute
                        ? absolute.PathAndQuery
                        : context.RedirectUri;
                    return Task.CompletedTask;
                };
                cookie.Events.OnRedirectToAccessDenied = context =>
                {
                    context.Response.StatusCode = StatusCodes.Status403Forbidden;
                    return Task.CompletedTask;
                };
            })
            .AddPolicyScheme(Scheme, "Operations page", scheme => scheme.ForwardDefaultSelector = context =>
                context.Request.Headers.ContainsKey(ApiKeyAuthenticationHandler.HeaderName) ? ApiKeyAuthenticationHandler.SchemeName : CookieScheme);
        services.AddAuthorizationBuilder().AddPolicy(Policy, policy => policy
            .AddAuthenticationSchemes(Scheme)
            .RequireAuthenticatedUser()
            .RequireRole(CentralRoles.Admin));
        services.AddAntiforgery(antiforgery =>
        {
            antiforgery.Cookie.Name = AntiforgeryCookieName;
            antiforgery.Cookie.Path = OpsPaths.Home;
            antiforgery.Cookie.SameSite = SameSiteMode.Strict;
            antiforgery.Cookie.SecurePolicy = Microsoft.AspNetCore.Http.CookieSecurePolicy.SameAsRequest;
        });
    }
}
