using Grpc.Core;
using Traceability.CentralApi.Security;

namespace Traceability.CentralApi.Grpc;

/// <summary>
/// A line key speaks only for its own line. The endpoint's policy already demands the Line role; this checks the
/// <c>line_id</c> of each request (and each batch of a stream) against the key's line.
/// </summary>
internal static class LineAccess
{
    /// <exception cref="RpcException">
    /// Unauthenticated without a key; InvalidArgument when <paramref name="lineId"/> is empty; PermissionDenied naming
    /// <c>line_id</c> when the key is not this line's.
    /// </exception>
    public static void Demand(ServerCallContext context, string lineId)
    {
        var user = context.GetHttpContext().User;
        if (user.Identity?.IsAuthenticated != true)
        {
            throw new RpcException(new Status(StatusCode.Unauthenticated, $"{ApiKeyAuthenticationHandler.HeaderName}: missing or unknown."));
        }

        if (string.IsNullOrWhiteSpace(lineId))
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "line_id: empty."));
        }

        var keyLine = user.FindFirst(CentralClaimTypes.LineId)?.Value;
        if (!string.Equals(keyLine, lineId, StringComparison.Ordinal))
        {
            throw new RpcException(new Status(
                StatusCode.PermissionDenied,
                keyLine is null
                    ? $"line_id: '{lineId}': this API key belongs to no line."
                    : $"line_id: '{lineId}' is not the line of this API key ('{keyLine}')."));
        }
    }
}
