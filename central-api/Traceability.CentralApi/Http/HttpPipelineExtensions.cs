using Microsoft.AspNetCore.Diagnostics;
using Traceability.CentralApi.Security;

namespace Traceability.CentralApi.Http;

/// <summary>
/// The HTTP pipeline every request goes through: RFC 7807 problem details for every error (exceptions, and bodiless
/// 4xx/5xx such as 401, 403, 404), then routing, API-key authentication, authorization and rate limiting.
/// </summary>
public static class HttpPipelineExtensions
{
    public static IHostApplicationBuilder AddCentralProblemDetails(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = Customize);
        return builder;
    }

    /// <summary>Call before mapping endpoints.</summary>
    public static WebApplication UseCentralHttpPipeline(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        // A body that is not JSON (or not the expected shape) is the caller's error: 400 with the reason, not a 500.
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            StatusCodeSelector = exception => exception is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError,
        });
        app.UseStatusCodePages();
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        return app;
    }

    // Say why a key was refused; never say more about a crash than that it happened (the log has the exception).
    private static void Customize(ProblemDetailsContext context)
    {
        var http = context.HttpContext;
        var problem = context.ProblemDetails;
        switch (problem.Status)
        {
            case StatusCodes.Status401Unauthorized:
                problem.Detail ??= ApiKeyProblems.Unauthenticated(http);
                break;
            case StatusCodes.Status403Forbidden:
                problem.Detail ??= ApiKeyProblems.Forbidden(http);
                break;
            case StatusCodes.Status404NotFound:
                problem.Detail ??= $"Nothing is served at {http.Request.Path}.";
                break;
            case StatusCodes.Status400BadRequest when http.Features.Get<IExceptionHandlerFeature>()?.Error is BadHttpRequestException bad:
                problem.Detail = bad.Message;
                break;
            case StatusCodes.Status500InternalServerError when http.Features.Get<IExceptionHandlerFeature>() is not null:
                problem.Detail = "An unexpected error occurred; it has been logged.";
                break;
        }

        problem.Instance ??= http.Request.Path;
    }
}
