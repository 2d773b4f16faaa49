using System.Text;

namespace Traceability.CentralApi.Operations;

/// <summary>
/// An operations page as the response: HTML, never cached (it shows live alerts and carries a form token), and a
/// content security policy that allows no script at all and forms only back to central.
/// </summary>
internal sealed class OpsPageResult(string html, int statusCode = StatusCodes.Status200OK) : IResult
{
    private const string Policy =
        "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    public int StatusCode => statusCode;

    public string Html => html;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var response = httpContext.Response;
        response.StatusCode = statusCode;
        response.ContentType = "text/html; charset=utf-8";
        response.Headers.CacheControl = "no-store";
        response.Headers.ContentSecurityPolicy = Policy;
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers["Referrer-Policy"] = "same-origin";
        var bytes = Encoding.UTF8.GetBytes(html);
        response.ContentLength = bytes.Length;
        await response.Body.WriteAsync(bytes, httpContext.RequestAborted);
    }
}

/// <summary>303 See Other: after a form's POST, the browser GETs the page (a reload does not post again).</summary>
internal sealed class SeeOtherResult(string location) : IResult
{
    public string Location => location;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        httpContext.Response.StatusCode = StatusCodes.Status303SeeOther;
        httpContext.Response.Headers.Location = location;
        return Task.CompletedTask;
    }
}
