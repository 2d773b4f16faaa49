using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Traceability.CentralApi.Alerts;
using Traceability.CentralApi.RateLimiting;
using Traceability.CentralApi.Security;
using Traceability.CentralApi.Storage;

namespace Traceability.CentralApi.Operations;

/// <summary>The operations page's routes (docs/operations.md).</summary>
internal static class OpsEndpoints
{
    private const int MaxIdLength = 200;

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var ops = endpoints.MapGroup(OpsPaths.Home).WithTags("Operations");
        ops.MapGet("", DashboardAsync).RequireAuthorization(OpsAuthentication.Policy);
        ops.MapGet("/dealers/{id}", DealerAsync).RequireAuthorization(OpsAuthentication.Policy);
        ops.MapGet("/units/{gtin}/{serial}", UnitAsync).RequireAuthorization(OpsAuthentication.Policy);
        ops.MapPost("/alerts/{id}/ack", AcknowledgeAsync).RequireAuthorization(OpsAuthentication.Policy);
        ops.MapPost("/sign-out", SignOutAsync).RequireAuthorization(OpsAuthentication.Policy);
        ops.MapGet("/sign-in", SignInForm).AllowAnonymous();
        // Anyone may try a key here: the public limit (per client address) bounds the guessing.
        ops.MapPost("/sign-in", SignInAsync).AllowAnonymous().RequireRateLimiting(CentralRateLimits.Public);
    }

    private static async Task<IResult> DashboardAsync(
        HttpContext context, OpsDashboard dashboard, IAntiforgery antiforgery, IOptions<OperationsOptions> options, CancellationToken cancellationToken)
    {
        var view = await dashboard.ReadAsync(cancellationToken);
        return new OpsPageResult(OpsDashboardPage.Render(view, Name(context.User), Form(context, antiforgery), options.Value.RefreshSeconds));
    }

    private static async Task<IResult> DealerAsync(string id, HttpContext context, OpsDashboard dashboard, IAntiforgery antiforgery, CancellationToken cancellationToken)
    {
        var view = IsId(id) ? await dashboard.ReadDealerAsync(id, cancellationToken) : null;
        return view is null
            ? NotFound(context, antiforgery, $"Central has no dealer '{id}' and no evidence naming it.")
            : new OpsPageResult(OpsDetailPages.Dealer(view, Name(context.User), Form(context, antiforgery)));
    }

    private static async Task<IResult> UnitAsync(
        string gtin, string serial, HttpContext context, OpsDashboard dashboard, IAntiforgery antiforgery, CancellationToken cancellationToken)
    {
        var view = IsId(gtin) && IsId(serial) ? await dashboard.ReadUnitAsync(gtin, serial, cancellationToken) : null;
        return view is null
            ? NotFound(context, antiforgery, $"Central has no unit {gtin}/{serial}.")
            : new OpsPageResult(OpsDetailPages.Unit(view, Name(context.User), Form(context, antiforgery)));
    }

    private static async Task<IResult> AcknowledgeAsync(
        string id, HttpContext context, IAntiforgery antiforgery, IAlertStore alerts, TimeProvider time, ILoggerFactory logs, CancellationToken cancellationToken)
    {
        var logger = Logger(logs);
        if (!await FormIsGenuineAsync(context, antiforgery, logger))
        {
            return new OpsPageResult(
                OpsLayout.Message("Form refused", "The form had expired or did not come from this page; nothing was acknowledged. Reload the page and try again.", Name(context.User), Form(context, antiforgery)),
                StatusCodes.Status400BadRequest);
        }

        if (!Guid.TryParse(id, CultureInfo.InvariantCulture, out var alertId))
        {
            return NotFound(context, antiforgery, $"'{id}' is not an alert id.");
        }

        var by = Name(context.User);
        var result = await alerts.AcknowledgeAlertAsync(alertId, by, time.GetUtcNow(), "Acknowledged on the operations page.", cancellationToken);
        if (result.Outcome == AcknowledgeOutcome.NotFound)
        {
            return NotFound(context, antiforgery, $"No alert {alertId:D}.");
        }

        // Acknowledged by someone else a moment ago is as good: either way it has left the open list.
        if (result.Outcome == AcknowledgeOutcome.Acknowledged)
        {
            OperationsLog.Acknowledged(logger, alertId, by);
        }

        return new SeeOtherResult(OpsPaths.Home + "#alerts");
    }

    private static OpsPageResult SignInForm(HttpContext context, IAntiforgery antiforgery, string? returnUrl, string? signedOut) =>
        new OpsPageResult(OpsLayout.SignIn(Form(context, antiforgery), LocalReturnUrl(returnUrl), signedOut is null ? null : "You are signed out.", error: false));

    private static async Task<IResult> SignInAsync(
        HttpContext context, IAntiforgery antiforgery, ApiKeyRing keys, IOptions<OperationsOptions> options, TimeProvider time, ILoggerFactory logs,
        CancellationToken cancellationToken)
    {
        var logger = Logger(logs);
        if (!context.Request.HasFormContentType || !await FormIsGenuineAsync(context, antiforgery, logger))
        {
            return Refused(context, antiforgery, null, StatusCodes.Status400BadRequest, "The form had expired or did not come from this page; enter the key again.");
        }

        var form = await context.Request.ReadFormAsync(cancellationToken);
        var returnUrl = LocalReturnUrl(form["returnUrl"]);
        var key = form["apiKey"].ToString();
        if (key.Length == 0)
        {
            return Refused(context, antiforgery, returnUrl, StatusCodes.Status400BadRequest, "Enter an API key.");
        }

        if (keys.Identify(key, OpsAuthentication.CookieScheme) is not { } identity)
        {
            OperationsLog.SignInRefused(logger, "not a key central knows");
            return Refused(context, antiforgery, returnUrl, StatusCodes.Status401Unauthorized, "That is not a key central knows.");
        }

        if (!identity.HasClaim(ClaimTypes.Role, CentralRoles.Admin))
        {
            var role = identity.FindFirst(ClaimTypes.Role)?.Value ?? "(none)";
            OperationsLog.SignInRefused(logger, $"a {role} key");
            return Refused(context, antiforgery, returnUrl, StatusCodes.Status403Forbidden,
                $"A key of role {role} may not open the operations page; sign in with an Admin key.");
        }

        var expires = time.GetUtcNow() + options.Value.SessionLifetime;
        await context.SignInAsync(OpsAuthentication.CookieScheme, new ClaimsPrincipal(identity),
            new AuthenticationProperties { IsPersistent = false, AllowRefresh = false, ExpiresUtc = expires });
        OperationsLog.SignedIn(logger, identity.Name ?? "unknown", expires);
        return new SeeOtherResult(returnUrl ?? OpsPaths.Home);
    }

    private static async Task<IResult> SignOutAsync(HttpContext context, IAntiforgery antiforgery, ILoggerFactory logs)
    {
        var logger = Logger(logs);
        if (!await FormIsGenuineAsync(context, antiforgery, logger))
        {
            return new OpsPageResult(
                OpsLayout.Message("Form refused", "The form had expired or did not come from this page; you are still signed in.", Name(context.User), Form(context, antiforgery)),
                StatusCodes.Status400BadRequest);
        }

        // Ends the session on the server (the store forgets it), not only in this browser.
        await context.SignOutAsync(OpsAuthentication.CookieScheme);
        OperationsLog.SignedOut(logger, context.User.Identity?.Name ?? "unknown");
        return new SeeOtherResult(OpsPaths.SignIn + "?signedOut=1");
    }

    private static OpsPageResult Refused(HttpContext context, IAntiforgery antiforgery, string? returnUrl, int status, string message) =>
        new(OpsLayout.SignIn(Form(context, antiforgery), returnUrl, message, error: true), status);

    private static OpsPageResult NotFound(HttpContext context, IAntiforgery antiforgery, string message) =>
        new(OpsLayout.Message("Not found", message, Name(context.User), Form(context, antiforgery)), StatusCodes.Status404NotFound);

    private static OpsForm Form(HttpContext context, IAntiforgery antiforgery)
    {
        var tokens = antiforgery.GetAndStoreTokens(context);
        return new OpsForm(tokens.FormFieldName, tokens.RequestToken!);
    }

    private static async Task<bool> FormIsGenuineAsync(HttpContext context, IAntiforgery antiforgery, ILogger logger)
    {
        try
        {
            await antiforgery.ValidateRequestAsync(context);
            return true;
        }
        catch (AntiforgeryValidationException e)
        {
            OperationsLog.FormRefused(logger, e.Message);
            return false;
        }
    }

    private static string Name(ClaimsPrincipal user) => user.Identity?.Name ?? "unknown";

    private static bool IsId(string text) => !string.IsNullOrWhiteSpace(text) && text.Length <= MaxIdLength;

    // Only a path of this page: never another host ("//evil", "/\evil") and never outside /ops.
    private static string? LocalReturnUrl(string? url) =>
        url is { Length: > 0 and <= 2000 } && (url == OpsPaths.Home || url.StartsWith(OpsPaths.Home + "/", StringComparison.Ordinal))
            && !url.Contains('\\', StringComparison.Ordinal) && !url.StartsWith("//", StringComparison.Ordinal)
            && !url.StartsWith(OpsPaths.SignIn, StringComparison.Ordinal)
            ? url
            : null;

    private static ILogger Logger(ILoggerFactory logs) => logs.CreateLogger("Traceability.CentralApi.Operations");
}
