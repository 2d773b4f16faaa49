namespace Traceability.CentralApi.Security;

/// <summary>What to tell a caller whose key was refused, the same words over REST and gRPC.</summary>
internal static class ApiKeyProblems
{
    private const string FailureItem = "Traceability.ApiKeyFailure";

    /// <summary>Kept by the handler for the refusal (the authentication middleware keeps only successes).</summary>
    public static void RememberFailure(HttpContext context, string message) => context.Items[FailureItem] = message;

    public static string Unauthenticated(HttpContext context) =>
        context.Items.TryGetValue(FailureItem, out var failure) && failure is string message
            ? message
            : $"{ApiKeyAuthenticationHandler.HeaderName}: missing; send an API key.";

    public static string Forbidden(HttpContext context)
    {
        var roles = context.User.FindAll(System.Security.Claims.ClaimTypes.Role).Select(c => c.Value).ToList();
        return $"{ApiKeyAuthenticationHandler.HeaderName}: a key of role {(roles.Count == 0 ? "(none)" : string.Join(", ", roles))} may not do this.";
    }
}
