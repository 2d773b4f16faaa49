namespace Traceability.CentralApi.Activation;

internal static partial class ActivationLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Activation {ActivationId} of {Gtin}/{Serial} ({Kind}) in {Region}: flags {Flags}, diversion {Diversion}")]
    public static partial void Recorded(ILogger logger, Guid activationId, string gtin, string serial, string kind, string? region, Storage.ActivationConcerns flags, bool diversion);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Activation of {Gtin}/{Serial} refused: {Status} {Reason}")]
    public static partial void CodeRefused(ILogger logger, string? gtin, string? serial, Codes.CodeCheckStatus status, string? reason);
}
