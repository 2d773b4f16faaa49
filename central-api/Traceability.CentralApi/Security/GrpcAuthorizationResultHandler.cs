using System.Globalization;
using System.Text;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace Traceability.CentralApi.Security;

/// <summary>
/// Refuses gRPC calls the gRPC way. The default handler answers a refused gRPC call with HTTP 401/403, which clients
/// turn into a status without a reason; this one answers a trailers-only gRPC response (HTTP 200,
/// <c>grpc-status</c> Unauthenticated or PermissionDenied, <c>grpc-message</c> saying why). REST requests are left to
/// the default handler (and so to the problem-details status code pages).
/// </summary>
internal sealed class GrpcAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Succeeded || !IsGrpc(context.Request))
        {
            return _default.HandleAsync(next, context, policy, authorizeResult);
        }

        var (status, message) = authorizeResult.Challenged
            ? (StatusCode.Unauthenticated, ApiKeyProblems.Unauthenticated(context))
            : (StatusCode.PermissionDenied, ApiKeyProblems.Forbidden(context));
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/grpc";
        response.Headers["grpc-status"] = ((int)status).ToString(CultureInfo.InvariantCulture);
        response.Headers["grpc-message"] = PercentEncode(message);
        return Task.CompletedTask;
    }

    private static bool IsGrpc(HttpRequest request) =>
        request.ContentType is { } type && type.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase);

    // grpc-message is percent-encoded UTF-8: printable ASCII except '%' passes as is (gRPC over HTTP/2 spec).
    private static string PercentEncode(string message)
    {
        var text = new StringBuilder(message.Length);
        foreach (var b in Encoding.UTF8.GetBytes(message))
        {
            if (b is >= 0x20 and <= 0x7E && b != (byte)'%')
            {
                text.Append((char)b);
            }
            else
            {
                text.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return text.ToString();
    }
}
