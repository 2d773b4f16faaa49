using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Traceability.CentralApi.Security;

/// <summary>Authenticates a request by its <c>X-Api-Key</c> header against <see cref="ApiKeyRing"/>.</summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiKeyRing keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string HeaderName = "X-Api-Key";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(HeaderName, out var values) || values.Count == 0)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (values.Count > 1)
        {
            return Task.FromResult(Fail($"{HeaderName}: sent {values.Count} times; send one key."));
        }

        var identity = keys.Identify(values[0] ?? "", SchemeName);
        return Task.FromResult(identity is null
            ? Fail($"{HeaderName}: not a key central knows.")
            : AuthenticateResult.Success(new AuthenticationTicket(new System.Security.Claims.ClaimsPrincipal(identity), SchemeName)));
    }

    private AuthenticateResult Fail(string message)
    {
        ApiKeyProblems.RememberFailure(Context, message);
        return AuthenticateResult.Fail(message);
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        // RFC 9110 wants a challenge with every 401; the body is left to the problem-details status code pages.
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = $"{SchemeName} header=\"{HeaderName}\"";
        return Task.CompletedTask;
    }
}
