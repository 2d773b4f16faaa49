using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.Options;
using Traceability.Contracts.Line.V1;

namespace Traceability.LineAgent.Central;

/// <summary>
/// The gRPC channel to central and the headers every call carries. One channel for the agent's life: it reconnects by
/// itself, the workers retry calls that fail.
/// </summary>
public sealed class CentralConnection : IDisposable
{
    private readonly GrpcChannel _channel;
    private readonly Metadata _headers;
    private readonly TimeProvider _time;
    private readonly TimeSpan _callTimeout;

    /// <param name="options">Validated here as well: a bad section fails at construction.</param>
    /// <param name="timeProvider">For call deadlines.</param>
    /// <param name="handler">The HTTP handler (tests pass an in-memory server's); null: a <see cref="SocketsHttpHandler"/> with keep-alive pings. A given handler is not disposed.</param>
    /// <exception cref="OptionsValidationException">The options are invalid.</exception>
    public CentralConnection(CentralOptions options, TimeProvider timeProvider, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var validation = new CentralOptionsValidator().Validate(null, options);
        if (validation.Failed)
        {
            throw new OptionsValidationException(CentralOptions.SectionName, typeof(CentralOptions), validation.Failures);
        }

        Url = options.Url;
        _time = timeProvider;
        _callTimeout = options.CallTimeout;
        _headers = new Metadata { { "X-Api-Key", options.ApiKey } };
        _channel = GrpcChannel.ForAddress(options.Url, new GrpcChannelOptions
        {
            HttpHandler = handler ?? new SocketsHttpHandler
            {
                // A half-open TCP connection (a switch rebooted) is noticed within seconds, not at the next write.
                KeepAlivePingDelay = TimeSpan.FromSeconds(10),
                KeepAlivePingTimeout = TimeSpan.FromSeconds(5),
                KeepAlivePingPolicy = HttpKeepAlivePingPolicy.Always,
                ConnectTimeout = TimeSpan.FromSeconds(10),
            },
            // A handler given by the caller stays the caller's.
            DisposeHttpClient = handler is null,
        });
        Client = new LineSync.LineSyncClient(_channel);
    }

    /// <summary>Central's gRPC endpoint.</summary>
    public string Url { get; }

    /// <summary>The LineSync client.</summary>
    public LineSync.LineSyncClient Client { get; }

    /// <summary>Options for a unary call: the key, a deadline, the token.</summary>
    public CallOptions Unary(CancellationToken cancellationToken) =>
        new(_headers, _time.GetUtcNow().UtcDateTime + _callTimeout, cancellationToken);

    /// <summary>Options for the event stream: the key and the token, no deadline (it lives as long as the link).</summary>
    public CallOptions Stream(CancellationToken cancellationToken) => new(_headers, deadline: null, cancellationToken);

    /// <summary>Whether central refused the line itself (key unknown or of another line), not the network.</summary>
    public static bool IsRefusal(Exception exception) =>
        exception is RpcException { StatusCode: StatusCode.Unauthenticated or StatusCode.PermissionDenied };

    /// <summary>What went wrong, in one line for the log and the HMI.</summary>
    public static string Describe(Exception exception) => exception switch
    {
        RpcException rpc => $"{rpc.StatusCode}: {rpc.Status.Detail}",
        _ => $"{exception.GetType().Name}: {exception.Message}",
    };

    /// <inheritdoc/>
    public void Dispose() => _channel.Dispose();
}
