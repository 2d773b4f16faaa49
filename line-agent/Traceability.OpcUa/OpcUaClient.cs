using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Traceability.OpcUa.Channel;
using Traceability.OpcUa.Encoding;

namespace Traceability.OpcUa;

/// <summary>
/// An OPC UA client over UA TCP with SecurityPolicy None: one secure channel, one session, subscriptions with a publish
/// loop. When the connection drops it reconnects with exponential backoff, recreates the session, subscriptions and
/// monitored items, then reads every monitored node and delivers the value as a reconciliation
/// (<see cref="DataChange.IsReconciliation"/>).
/// </summary>
public sealed class OpcUaClient : IAsyncDisposable
{
    private const int PublishRequestsOutstanding = 2;

    // Notification messages that may arrive ahead of a missing one before it is taken as lost.
    private const int MessagesAheadBeforeGap = 8;
    private static readonly NodeId ServerStatusState = NodeId.Numeric(0, 2259);
    private readonly OpcUaClientOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly Func<Uri, CancellationToken, Task<Stream>> _connect;
    private readonly CancellationTokenSource _disposing = new();
    private readonly List<OpcUaSubscription> _subscriptions = [];
    private readonly Lock _lock = new();
    private readonly System.Collections.Concurrent.ConcurrentQueue<(uint SubscriptionId, uint Sequence)> _acknowledgements = new();
    private TaskCompletionSource _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Session? _session;
    private Task _supervisor = Task.CompletedTask;
    private ConnectionState _state;

    private OpcUaClient(OpcUaClientOptions options, TimeProvider timeProvider, ILogger logger, Func<Uri, CancellationToken, Task<Stream>>? connect)
    {
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
        _connect = connect ?? ConnectTcpAsync;
    }

    private sealed record Session(SecureChannel Channel, NodeId SessionId, NodeId AuthenticationToken, CancellationTokenSource Stop) : IAsyncDisposable
    {
        private readonly Lock _disposalLock = new();
        private Task? _disposal;

        public List<Task> Workers { get; } = [];

        // The supervisor disposes a lost session and the client's dispose may meet the same one (disposed while it
        // reconnects): both wait for the one disposal instead of cancelling a disposed Stop.
        public ValueTask DisposeAsync()
        {
            lock (_disposalLock)
            {
                _disposal ??= DisposeOnceAsync();
                return new ValueTask(_disposal);
            }
        }

        private async Task DisposeOnceAsync()
        {
            await Stop.CancelAsync();
            await Channel.DisposeAsync();
            try
            {
                await Task.WhenAll(Workers);
            }
            catch (Exception e) when (e is OperationCanceledException or OpcUaException)
            {
            }

            Stop.Dispose();
        }
    }

    /// <summary>The current connection state.</summary>
    public ConnectionState State => _state;

    /// <summary>Raised on every state change (from a background thread).</summary>
    public event EventHandler<ConnectionState>? StateChanged;

    /// <summary>Connects, opens a secure channel and activates a session; fails with an exception naming the endpoint.</summary>
    public static Task<OpcUaClient> ConnectAsync(OpcUaClientOptions options, CancellationToken cancellationToken) =>
        ConnectAsync(options, null, null, null, cancellationToken);

    /// <summary>Connects with a given clock (reconnect backoff), logger and transport (a function returning the connected stream).</summary>
    public static async Task<OpcUaClient> ConnectAsync(OpcUaClientOptions options, TimeProvider? timeProvider, ILogger? logger, Func<Uri, CancellationToken, Task<Stream>>? connect, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var client = new OpcUaClient(options, timeProvider ?? TimeProvider.System, logger ?? NullLogger.Instance, connect);
        client.SetState(ConnectionState.Connecting);
        try
        {
#pragma warning disable CA2000 // The client owns the session from here and disposes it.
            var session = await client.OpenSessionAsync(cancellationToken);
#pragma warning restore CA2000
            client.Publish(session);
            client._supervisor = client.SuperviseAsync(session);
            return client;
        }
        catch
        {
            client.SetState(ConnectionState.Faulted);
            await client.DisposeAsync();
            throw;
        }
    }

    /// <summary>Makes <paramref name="session"/> the client's; false when the client is being disposed (the caller closes it).</summary>
    private bool Publish(Session session)
    {
        lock (_lock)
        {
            // DisposeAsync cancels _disposing, then takes the session under this lock: a reconnect finishing as the
            // client is disposed either hands its session to the dispose or is refused here, never outlives it.
            if (_disposing.IsCancellationRequested)
            {
                return false;
            }

            _session = session;
            session.Workers.Add(KeepAliveLoopAsync(session));
            if (_subscriptions.Count > 0)
            {
                StartPublishing(session);
            }
        }

        SetState(ConnectionState.Connected);
        _connected.TrySetResult();
        return true;
    }

    private void SetState(ConnectionState state)
    {
        if (_state == state)
        {
            return;
        }

        _state = state;
        OpcUaLog.StateChanged(_logger, _options.EndpointUrl, state);
        StateChanged?.Invoke(this, state);
    }

    private static async Task<Stream> ConnectTcpAsync(Uri endpoint, CancellationToken cancellationToken)
    {
#pragma warning disable CA2000 // The returned stream owns the socket; disposed here on failure.
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
#pragma warning restore CA2000
        try
        {
            await socket.ConnectAsync(endpoint.Host, endpoint.Port == -1 ? 4840 : endpoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private async Task<Session> OpenSessionAsync(CancellationToken cancellationToken)
    {
        var url = _options.EndpointUrl;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme != "opc.tcp")
        {
            throw new OpcUaException($"Connect {url}: not an opc.tcp:// endpoint URL", new StatusCode(0x80830000));
        }

        Stream stream;
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            timeout.CancelAfter(_options.RequestTimeout);
            try
            {
                stream = await _connect(uri, timeout.Token);
            }
            catch (SocketException e)
            {
                throw new OpcUaException($"Connect {url}: {e.SocketErrorCode} ({e.Message})", new StatusCode(0x80310000), e);
            }
            catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
            {
                throw new OpcUaException($"Connect {url}: no TCP connection within {_options.RequestTimeout.TotalSeconds:0.#} s", new StatusCode(0x800A0000), e);
            }
        }

#pragma warning disable CA2000 // The session takes the channel; on failure it is disposed below.
        SecureChannel channel;
        try
        {
            channel = await SecureChannel.OpenAsync(stream, url, _options, _timeProvider, _logger, cancellationToken);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            throw new OpcUaException($"Connect {url}: connection closed during Hello ({e.Message})", new StatusCode(0x80AE0000), e);
        }

        try
        {
            return await CreateSessionAsync(channel, url, cancellationToken);
#pragma warning restore CA2000
        }
        catch
        {
            await channel.DisposeAsync();
            throw;
        }
    }

    private async Task<Session> CreateSessionAsync(SecureChannel channel, string url, CancellationToken cancellationToken)
    {
        var reader = await channel.CallAsync("CreateSession", 461, 464, NodeId.Null, w =>
        {
            w.WriteString("urn:traceability:line-agent");
            w.WriteString("urn:traceability");
            w.WriteLocalizedText(new LocalizedText(null, "Traceability line agent"));
            w.WriteInt32(1);
            w.WriteString(null);
            w.WriteString(null);
            w.WriteArray<string>(null, (x, s) => x.WriteString(s));
            w.WriteString(null);
            w.WriteString(url);
            w.WriteString(_options.SessionName);
            w.WriteByteString(RandomNumberGenerator.GetBytes(32));
            w.WriteByteString(null);
            w.WriteDouble(_options.SessionTimeout.TotalMilliseconds);
            w.WriteUInt32((uint)_options.MaxMessageSize);
        }, _options.RequestTimeout, cancellationToken);
        var sessionId = reader.ReadNodeId();
        var authenticationToken = reader.ReadNodeId();
        reader.ReadDouble();
        var serverNonce = reader.ReadByteString() ?? [];
        var serverCertificate = reader.ReadByteString();
        var endpoints = reader.ReadArray(ReadEndpoint);

        var identity = IdentityToken(endpoints, serverCertificate, serverNonce);
        var activate = await channel.CallAsync("ActivateSession", 467, 470, authenticationToken, w =>
        {
            w.WriteString(null);
            w.WriteByteString(null);
            w.WriteInt32(-1);
            w.WriteArray<string>(null, (x, s) => x.WriteString(s));
            identity(w);
            w.WriteString(null);
            w.WriteByteString(null);
        }, _options.RequestTimeout, cancellationToken);
        activate.ReadByteString();
        foreach (var result in activate.ReadArray(r => r.ReadStatusCode()))
        {
            if (result.IsBad)
            {
                throw new OpcUaException("ActivateSession", result);
            }
        }

#pragma warning disable CA2000 // The session owns the token source and disposes it.
        return new Session(channel, sessionId, authenticationToken, new CancellationTokenSource());
#pragma warning restore CA2000
    }

    private sealed record UserTokenPolicy(string? PolicyId, int TokenType, string? SecurityPolicyUri);

    private sealed record Endpoint(string? Url, int SecurityMode, string? SecurityPolicyUri, UserTokenPolicy[] Tokens);

    private static Endpoint ReadEndpoint(UaReader r)
    {
        var url = r.ReadString();
        SkipApplicationDescription(r);
        r.ReadByteString();
        var mode = r.ReadInt32();
        var policy = r.ReadString();
        var tokens = r.ReadArray(t =>
        {
            var id = t.ReadString();
            var type = t.ReadInt32();
            t.ReadString();
            t.ReadString();
            return new UserTokenPolicy(id, type, t.ReadString());
        });
        r.ReadString();
        r.ReadByte();
        return new Endpoint(url, mode, policy, tokens);
    }

    private static void SkipApplicationDescription(UaReader r)
    {
        r.ReadString();
        r.ReadString();
        r.ReadLocalizedText();
        r.ReadInt32();
        r.ReadString();
        r.ReadString();
        r.ReadArray(x => x.ReadString());
    }

    private Action<UaWriter> IdentityToken(Endpoint[] endpoints, byte[]? serverCertificate, byte[] serverNonce)
    {
        var policies = endpoints.Where(e => e.SecurityPolicyUri == Chunking.SecurityPolicyNone).SelectMany(e => e.Tokens).ToList();
        if (_options.UserName is null)
        {
            var anonymous = policies.FirstOrDefault(p => p.TokenType == 0)?.PolicyId ?? "anonymous";
            return w => w.WriteExtensionObject(321, b => b.WriteString(anonymous));
        }

        var userName = _options.UserName;
        var password = System.Text.Encoding.UTF8.GetBytes(_options.Password ?? "");
        var users = policies.Where(p => p.TokenType == 1).ToList();
        var plain = users.FirstOrDefault(p => string.IsNullOrEmpty(p.SecurityPolicyUri) || p.SecurityPolicyUri == Chunking.SecurityPolicyNone);
        if (plain is not null)
        {
            // Plaintext: the only option over policy None without a server certificate; see OpcUaClientOptions.UserName.
            return w => w.WriteExtensionObject(324, b =>
            {
                b.WriteString(plain.PolicyId);
                b.WriteString(userName);
                b.WriteByteString(password);
                b.WriteString(null);
            });
        }

        var oaep = users.FirstOrDefault(p => p.SecurityPolicyUri is { } uri && (uri.EndsWith("#Basic256Sha256", StringComparison.Ordinal) || uri.EndsWith("#Basic256", StringComparison.Ordinal)));
        if (oaep is null || serverCertificate is null)
        {
            throw new OpcUaException($"ActivateSession as {userName}: the server offers no user name policy this client supports", new StatusCode(0x80200000));
        }

        // The token secret is length (UInt32) + password + server nonce, RSA-OAEP (SHA-1) encrypted (Part 4 §7.41.2.3).
        var secret = new byte[4 + password.Length + serverNonce.Length];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(secret, (uint)(password.Length + serverNonce.Length));
        password.CopyTo(secret, 4);
        serverNonce.CopyTo(secret, 4 + password.Length);
        using var certificate = X509CertificateLoader.LoadCertificate(FirstCertificate(serverCertificate));
        using var rsa = certificate.GetRSAPublicKey() ?? throw new OpcUaException("ActivateSession: the server certificate has no RSA key", new StatusCode(0x80200000));
        var block = (rsa.KeySize / 8) - 42;
        using var encrypted = new MemoryStream();
        for (var at = 0; at < secret.Length; at += block)
        {
            encrypted.Write(rsa.Encrypt(secret.AsSpan(at, Math.Min(block, secret.Length - at)).ToArray(), RSAEncryptionPadding.OaepSHA1));
        }

        var cipher = encrypted.ToArray();
        return w => w.WriteExtensionObject(324, b =>
        {
            b.WriteString(oaep.PolicyId);
            b.WriteString(userName);
            b.WriteByteString(cipher);
            b.WriteString("http://www.w3.org/2001/04/xmlenc#rsa-oaep");
        });
    }

    /// <summary>A server may send its certificate chain as concatenated DER: the first SEQUENCE is its own.</summary>
    private static byte[] FirstCertificate(byte[] der)
    {
        if (der.Length < 4 || der[0] != 0x30)
        {
            return der;
        }

        int length, header;
        if (der[1] < 0x80)
        {
            length = der[1];
            header = 2;
        }
        else
        {
            var bytes = der[1] & 0x7F;
            length = 0;
            for (var i = 0; i < bytes; i++)
            {
                length = (length << 8) | der[2 + i];
            }

            header = 2 + bytes;
        }

        return der.AsSpan(0, Math.Min(der.Length, header + length)).ToArray();
    }

    private async Task<Session> CurrentSessionAsync(string context, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposing.IsCancellationRequested, this);
        var session = _session;
        if (session is not null && session.Channel.IsOpen && _state == ConnectionState.Connected)
        {
            return session;
        }

        try
        {
            await _connected.Task.WaitAsync(_options.RequestTimeout, _timeProvider, cancellationToken);
        }
        catch (TimeoutException e)
        {
            throw new OpcUaException($"{context} on {_options.EndpointUrl}: not connected ({_state})", new StatusCode(0x808A0000), e);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            // DisposeAsync cancelled _connected: this call was waiting for a reconnect; it ends as one in a send would.
            throw new OpcUaException($"{context} on {_options.EndpointUrl}: the client was disposed while reconnecting", new StatusCode(0x80AE0000), e);
        }

        return _session ?? throw new OpcUaException($"{context} on {_options.EndpointUrl}: not connected", new StatusCode(0x808A0000));
    }

    private async Task<UaReader> CallAsync(string context, uint requestTypeId, uint responseTypeId, Action<UaWriter> body, CancellationToken cancellationToken)
    {
        var session = await CurrentSessionAsync(context, cancellationToken);
        return await session.Channel.CallAsync(context, requestTypeId, responseTypeId, session.AuthenticationToken, body, _options.RequestTimeout, cancellationToken);
    }

    /// <summary>Reads the Value attribute of a node as a typed .NET value.</summary>
    /// <exception cref="OpcUaException">The read failed: "Read ns=1;s=X: BadNodeIdUnknown (0x80340000)".</exception>
    public async Task<object?> ReadAsync(NodeId nodeId, CancellationToken cancellationToken)
    {
        var value = (await ReadValuesAsync([nodeId], cancellationToken))[0];
        return value.StatusCode.IsBad ? throw new OpcUaException($"Read {nodeId}", value.StatusCode) : value.Value;
    }

    /// <summary>Reads the Value attribute of several nodes in one request; per-node failures are in each <see cref="DataValue.StatusCode"/>.</summary>
    public Task<DataValue[]> ReadValuesAsync(IReadOnlyList<NodeId> nodeIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(nodeIds);
        return ReadValuesAsync(null, nodeIds, cancellationToken);
    }

    private async Task<DataValue[]> ReadValuesAsync(Session? session, IReadOnlyList<NodeId> nodeIds, CancellationToken cancellationToken)
    {
        var context = nodeIds.Count == 1 ? $"Read {nodeIds[0]}" : $"Read of {nodeIds.Count} nodes";
        void Body(UaWriter w)
        {
            w.WriteDouble(0);
            w.WriteInt32(2);
            w.WriteArray(nodeIds, (x, id) =>
            {
                x.WriteNodeId(id);
                x.WriteUInt32(13);
                x.WriteString(null);
                x.WriteQualifiedName(default);
            });
        }

        var reader = session is null
            ? await CallAsync(context, 631, 634, Body, cancellationToken)
            : await session.Channel.CallAsync(context, 631, 634, session.AuthenticationToken, Body, _options.RequestTimeout, cancellationToken);
        var results = reader.ReadArray(r => r.ReadDataValue());
        return results.Length == nodeIds.Count ? results : throw new OpcUaException($"{context}: {results.Length} results", new StatusCode(0x80090000));
    }

    /// <summary>Writes the Value attribute; the .NET type picks the OPC UA type (int → Int32, uint → UInt32, double → Double, …).</summary>
    /// <exception cref="OpcUaException">"Write ns=1;s=Line.Speed: BadTypeMismatch (0x80740000)".</exception>
    public async Task WriteAsync(NodeId nodeId, object value, CancellationToken cancellationToken)
    {
        var result = (await WriteValuesAsync([(nodeId, value)], cancellationToken))[0];
        if (result.IsBad)
        {
            throw new OpcUaException($"Write {nodeId}", result);
        }
    }

    /// <summary>Writes several values in one request, applied by the server in order; returns one status per value.</summary>
    public async Task<StatusCode[]> WriteValuesAsync(IReadOnlyList<(NodeId NodeId, object Value)> values, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(values);
        var context = values.Count == 1 ? $"Write {values[0].NodeId}" : $"Write of {values.Count} nodes";
        var reader = await CallAsync(context, 673, 676, w => w.WriteArray(values, (x, v) =>
        {
            x.WriteNodeId(v.NodeId);
            x.WriteUInt32(13);
            x.WriteString(null);
            x.WriteDataValue(new DataValue(v.Value));
        }), cancellationToken);
        return reader.ReadArray(r => r.ReadStatusCode());
    }

    /// <summary>The children of a node (hierarchical references, forward), e.g. for <c>tracectl plc browse</c>.</summary>
    public async Task<IReadOnlyList<ReferenceDescription>> BrowseAsync(NodeId nodeId, CancellationToken cancellationToken)
    {
        var context = $"Browse {nodeId}";
        var reader = await CallAsync(context, 527, 530, w =>
        {
            w.WriteNodeId(NodeId.Null);
            w.WriteDateTime(DateTime.MinValue);
            w.WriteUInt32(0);
            w.WriteUInt32(0);
            w.WriteArray([nodeId], (x, id) =>
            {
                x.WriteNodeId(id);
                x.WriteInt32(0);
                x.WriteNodeId(NodeId.Numeric(0, 33));
                x.WriteBoolean(true);
                x.WriteUInt32(0);
                x.WriteUInt32(63);
            });
        }, cancellationToken);
        var results = reader.ReadArray(r =>
        {
            var status = r.ReadStatusCode();
            var continuation = r.ReadByteString();
            var references = r.ReadArray(x =>
            {
                var referenceType = x.ReadNodeId();
                x.ReadBoolean();
                var target = x.ReadExpandedNodeId();
                var browseName = x.ReadQualifiedName();
                var displayName = x.ReadLocalizedText();
                var nodeClass = (NodeClass)x.ReadInt32();
                var typeDefinition = x.ReadExpandedNodeId();
                return new ReferenceDescription(target, browseName, displayName, nodeClass, referenceType, typeDefinition);
            });
            return (status, continuation, references);
        });
        var (status, _, references) = results.Length == 1 ? results[0] : throw new OpcUaException($"{context}: {results.Length} results", new StatusCode(0x80090000));
        return status.IsBad ? throw new OpcUaException(context, status) : references;
    }

    /// <summary>
    /// Resolves a browse path such as <c>Objects/Line/UnitCounter</c> (or <c>Objects/1:Line/1:UnitCounter</c>) from the
    /// Root folder with TranslateBrowsePathsToNodeIds. Unprefixed names use <see cref="OpcUaClientOptions.BrowseNamespaceIndex"/>.
    /// </summary>
    public async Task<NodeId> TranslateAsync(string browsePath, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(browsePath);
        var elements = ParseBrowsePath(browsePath);
        var context = $"Translate {browsePath}";
        var reader = await CallAsync(context, 554, 557, w => w.WriteArray([elements], (x, path) =>
        {
            x.WriteNodeId(NodeId.Numeric(0, 84));
            x.WriteArray(path, (y, name) =>
            {
                y.WriteNodeId(NodeId.Numeric(0, 33));
                y.WriteBoolean(false);
                y.WriteBoolean(true);
                y.WriteQualifiedName(name);
            });
        }), cancellationToken);
        var results = reader.ReadArray(r => (Status: r.ReadStatusCode(), Targets: r.ReadArray(t =>
        {
            var id = t.ReadExpandedNodeId();
            var remaining = t.ReadUInt32();
            return (id, remaining);
        })));
        if (results.Length != 1)
        {
            throw new OpcUaException($"{context}: {results.Length} results", new StatusCode(0x80090000));
        }

        var (status, targets) = results[0];
        if (status.IsBad)
        {
            throw new OpcUaException(context, status);
        }

        var target = targets.FirstOrDefault(t => t.remaining == uint.MaxValue);
        return targets.Length > 0 && !target.id.IsNull ? target.id : throw new OpcUaException(context, new StatusCode(0x806F0000));
    }

    internal QualifiedName[] ParseBrowsePath(string browsePath)
    {
        var segments = browsePath.Trim('/').Split('/');
        var names = new QualifiedName[segments.Length];
        for (var i = 0; i < segments.Length; i++)
        {
            var segment = segments[i];
            var colon = segment.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && ushort.TryParse(segment.AsSpan(0, colon), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var ns))
            {
                names[i] = new QualifiedName(ns, segment[(colon + 1)..]);
            }
            else
            {
                var standard = i == 0 && segment is "Objects" or "Types" or "Views" || (i == 1 && segments[0] == "Objects" && segment == "Server");
                names[i] = new QualifiedName(standard ? (ushort)0 : _options.BrowseNamespaceIndex, segment);
            }
        }

        return names;
    }

    /// <summary>
    /// Creates a subscription monitoring the Value of <paramref name="nodeIds"/>; changes arrive through the returned
    /// <see cref="OpcUaSubscription"/> (an <see cref="IAsyncEnumerable{T}"/>), starting with each node's current value.
    /// The subscription survives reconnects: it is recreated on the new session and reconciled by a Read.
    /// </summary>
    public Task<OpcUaSubscription> SubscribeAsync(IEnumerable<NodeId> nodeIds, TimeSpan publishingInterval, CancellationToken cancellationToken) =>
        SubscribeAsync(nodeIds, publishingInterval, samplingInterval: null, cancellationToken);

    /// <summary>
    /// As <see cref="SubscribeAsync(IEnumerable{NodeId}, TimeSpan, CancellationToken)"/>, sampling each node every
    /// <paramref name="samplingInterval"/> (null: at the publishing interval; zero: every change, the server's fastest).
    /// Changes sampled between two publishes are queued on the server and all delivered.
    /// </summary>
    public async Task<OpcUaSubscription> SubscribeAsync(IEnumerable<NodeId> nodeIds, TimeSpan publishingInterval, TimeSpan? samplingInterval, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(nodeIds);
        if (samplingInterval < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(samplingInterval), samplingInterval, "A sampling interval is zero or more.");
        }

        var subscription = new OpcUaSubscription(this, [.. nodeIds], publishingInterval, samplingInterval);
        try
        {
            while (true)
            {
                var session = await CurrentSessionAsync("Subscribe", cancellationToken);
                try
                {
                    await CreateOnServerAsync(session, subscription, cancellationToken);
                }
                catch (OpcUaException) when (!session.Channel.IsOpen && !_disposing.IsCancellationRequested)
                {
                    // The connection dropped while the subscription was being made: make it on the reconnected session.
                    await Task.Delay(_options.ReconnectInitialDelay, _timeProvider, cancellationToken);
                    continue;
                }

                lock (_lock)
                {
                    if (_disposing.IsCancellationRequested)
                    {
                        throw new OpcUaException($"Subscribe on {_options.EndpointUrl}: the client was disposed", new StatusCode(0x80AE0000));
                    }

                    // A session that ended meanwhile took the subscription with it, and the reconnect may have listed the
                    // subscriptions to recreate before this one was among them: only an open, current session keeps it.
                    if (ReferenceEquals(_session, session) && session.Channel.IsOpen)
                    {
                        _subscriptions.Add(subscription);
                        if (_subscriptions.Count == 1)
                        {
                            StartPublishing(session);
                        }

                        return subscription;
                    }
                }

                await Task.Delay(_options.ReconnectInitialDelay, _timeProvider, cancellationToken);
            }
        }
        catch
        {
            await subscription.DisposeAsync();
            throw;
        }
    }

    private async Task CreateOnServerAsync(Session session, OpcUaSubscription subscription, CancellationToken cancellationToken)
    {
        var channel = session.Channel;
        var interval = subscription.PublishingInterval.TotalMilliseconds;
        var sampling = subscription.SamplingInterval?.TotalMilliseconds ?? -1;
        var created = await channel.CallAsync("CreateSubscription", 787, 790, session.AuthenticationToken, w =>
        {
            w.WriteDouble(interval);
            w.WriteUInt32(60);
            w.WriteUInt32(10);
            w.WriteUInt32(0);
            w.WriteBoolean(true);
            w.WriteByte(0);
        }, _options.RequestTimeout, cancellationToken);
        var id = created.ReadUInt32();
        var revisedInterval = created.ReadDouble();
        created.ReadUInt32();
        var keepAlive = created.ReadUInt32();
        subscription.Created(id);
        subscription.KeepAlivePeriod = TimeSpan.FromMilliseconds(revisedInterval * Math.Max(keepAlive, 1));

        var items = await channel.CallAsync($"CreateMonitoredItems for subscription {id}", 751, 754, session.AuthenticationToken, w =>
        {
            w.WriteUInt32(id);
            w.WriteInt32(2);
            w.WriteArray(subscription.NodeIds, (x, node) =>
            {
                x.WriteNodeId(node);
                x.WriteUInt32(13);
                x.WriteString(null);
                x.WriteQualifiedName(default);
                x.WriteInt32(2);
                x.WriteUInt32((uint)subscription.HandleOf(node));
                x.WriteDouble(sampling);
                x.WriteNullExtensionObject();
                x.WriteUInt32(1000);
                x.WriteBoolean(true);
            });
        }, _options.RequestTimeout, cancellationToken);
        var results = items.ReadArray(r =>
        {
            var status = r.ReadStatusCode();
            r.ReadUInt32();
            r.ReadDouble();
            r.ReadUInt32();
            r.ReadExtensionObject();
            return status;
        });
        for (var i = 0; i < results.Length; i++)
        {
            if (results[i].IsBad)
            {
                throw new OpcUaException($"Monitor {subscription.NodeIds[i]}", results[i]);
            }
        }
    }

    internal async Task RemoveAsync(OpcUaSubscription subscription)
    {
        lock (_lock)
        {
            if (!_subscriptions.Remove(subscription))
            {
                return;
            }
        }

        var session = _session;
        if (session is null || !session.Channel.IsOpen || _disposing.IsCancellationRequested)
        {
            return;
        }

        try
        {
            await session.Channel.CallAsync("DeleteSubscriptions", 847, 850, session.AuthenticationToken,
                w => w.WriteArray([subscription.ServerId], (x, id) => x.WriteUInt32(id)), _options.RequestTimeout, CancellationToken.None);
        }
        catch (OpcUaException)
        {
            // The session may be gone already; the server deletes its subscriptions with it.
        }
    }

    private void StartPublishing(Session session)
    {
        for (var i = 0; i < PublishRequestsOutstanding; i++)
        {
            session.Workers.Add(PublishLoopAsync(session));
        }
    }

    private async Task PublishLoopAsync(Session session)
    {
        var stop = session.Stop.Token;
        await Task.Yield();
        while (!stop.IsCancellationRequested && session.Channel.IsOpen)
        {
            var acks = new List<(uint, uint)>();
            while (acks.Count < 64 && _acknowledgements.TryDequeue(out var ack))
            {
                acks.Add(ack);
            }

            TimeSpan keepAlive;
            lock (_lock)
            {
                keepAlive = _subscriptions.Count == 0 ? TimeSpan.FromSeconds(10) : _subscriptions.Max(s => s.KeepAlivePeriod);
            }

            // A server sends a keep-alive at least every keep-alive period: silence for much longer means it is gone.
            var timeout = (keepAlive * 3) + _options.RequestTimeout;
            try
            {
                var reader = await session.Channel.CallAsync("Publish", 826, 829, session.AuthenticationToken,
                    w => w.WriteArray(acks, (x, a) =>
                    {
                        x.WriteUInt32(a.Item1);
                        x.WriteUInt32(a.Item2);
                    }), timeout, stop, timeoutHint: (uint)timeout.TotalMilliseconds);
                Dispatch(reader);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (OpcUaException e) when (e.StatusCode.Code is 0x80790000 or 0x80780000)
            {
                // BadNoSubscription / BadTooManyPublishRequests: wait and ask again.
                await Task.Delay(TimeSpan.FromMilliseconds(100), _timeProvider, stop).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
            catch (OpcUaException e)
            {
                OpcUaLog.PublishFailed(_logger, _options.EndpointUrl, e.Message);
                if (e.StatusCode.Code is 0x800A0000 or 0x80250000 or 0x80220000 or 0x80260000 or 0x80270000)
                {
                    session.Channel.Abort();
                }

                if (!session.Channel.IsOpen)
                {
                    return;
                }
            }
        }
    }

    private void Dispatch(UaReader reader)
    {
        var subscriptionId = reader.ReadUInt32();
        reader.ReadArray(r => r.ReadUInt32());
        reader.ReadBoolean();
        var sequence = reader.ReadUInt32();
        reader.ReadDateTime();
        var notifications = reader.ReadArray(r => r.ReadExtensionObject());
        OpcUaSubscription? subscription;
        lock (_lock)
        {
            subscription = _subscriptions.FirstOrDefault(s => s.ServerId == subscriptionId);
        }

        if (notifications.Length > 0)
        {
            _acknowledgements.Enqueue((subscriptionId, sequence));
        }

        if (subscription is null)
        {
            return;
        }

        if (notifications.Length == 0)
        {
            return; // a keep-alive: it carries the next sequence number without using it
        }

        var changes = new List<(int Handle, DataValue Value)>();
        foreach (var notification in notifications)
        {
            if (notification.TypeId != NodeId.Numeric(0, 811) || notification.Body is null)
            {
                continue;
            }

            var body = new UaReader(notification.Body);
            foreach (var (handle, value) in body.ReadArray(r => (r.ReadUInt32(), r.ReadDataValue())))
            {
                changes.Add(((int)handle, value));
            }
        }

        subscription.DeliverMessage(sequence, [.. changes], MessagesAheadBeforeGap);
    }

    private async Task KeepAliveLoopAsync(Session session)
    {
        var stop = session.Stop.Token;
        while (!stop.IsCancellationRequested && session.Channel.IsOpen)
        {
            try
            {
                await Task.Delay(_options.KeepAliveInterval, _timeProvider, stop);
                await ReadValuesAsync(session, [ServerStatusState], stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (OpcUaException e)
            {
                OpcUaLog.ChannelLost(_logger, _options.EndpointUrl, e.Message);
                session.Channel.Abort();
                return;
            }
        }
    }

    // One supervisor for the client's life (DisposeAsync awaits it): it watches the session, replaces a lost one.
    private async Task SuperviseAsync(Session session)
    {
        while (await ReplaceAsync(session) is { } fresh)
        {
            session = fresh;
        }
    }

    /// <summary>Waits for <paramref name="session"/> to end and reconnects; null when the client is disposed.</summary>
    private async Task<Session?> ReplaceAsync(Session session)
    {
        await session.Channel.Completion;
        if (_disposing.IsCancellationRequested)
        {
            return null;
        }

        _connected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        SetState(ConnectionState.Reconnecting);
        await session.DisposeAsync();
        while (_acknowledgements.TryDequeue(out _))
        {
        }

        var delay = _options.ReconnectInitialDelay;
        var stop = _disposing.Token;
        while (!stop.IsCancellationRequested)
        {
            Session? fresh = null;
            try
            {
                await Task.Delay(delay, _timeProvider, stop);
#pragma warning disable CA2000 // Disposed on failure below; owned by the client once started.
                fresh = await OpenSessionAsync(stop);
#pragma warning restore CA2000
                var recovered = await RecoverSubscriptionsAsync(fresh, stop);
                OpcUaLog.Reconnected(_logger, _options.EndpointUrl, recovered);
                if (Publish(fresh))
                {
                    return fresh;
                }

                await fresh.DisposeAsync();
                return null;
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                if (fresh is not null)
                {
                    await fresh.DisposeAsync();
                }

                return null;
            }
            catch (OpcUaException e)
            {
                if (fresh is not null)
                {
                    await fresh.DisposeAsync();
                }

                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.ReconnectMaxDelay.Ticks));
                OpcUaLog.ReconnectFailed(_logger, _options.EndpointUrl, delay.TotalMilliseconds, e.Message);
            }
        }

        return null;
    }

    private async Task<int> RecoverSubscriptionsAsync(Session session, CancellationToken cancellationToken)
    {
        OpcUaSubscription[] subscriptions;
        lock (_lock)
        {
            subscriptions = [.. _subscriptions];
        }

        foreach (var subscription in subscriptions)
        {
            await CreateOnServerAsync(session, subscription, cancellationToken);

            // Notifications sent while we were away are lost: the current values let consumers reconcile by value.
            var values = await ReadValuesAsync(session, subscription.NodeIds, cancellationToken);
            for (var i = 0; i < values.Length; i++)
            {
                subscription.Deliver(subscription.HandleOf(subscription.NodeIds[i]), values[i], isReconciliation: true);
            }
        }

        return subscriptions.Length;
    }

    /// <summary>Closes the session (deleting its subscriptions) and the secure channel.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposing.IsCancellationRequested)
        {
            return;
        }

        await _disposing.CancelAsync();
        _connected.TrySetCanceled();
        Session? session;
        lock (_lock)
        {
            session = _session;
        }

        if (session is not null)
        {
            if (session.Channel.IsOpen)
            {
                try
                {
                    await session.Channel.CallAsync("CloseSession", 473, 476, session.AuthenticationToken, w => w.WriteBoolean(true), TimeSpan.FromSeconds(2), CancellationToken.None);
                }
                catch (OpcUaException)
                {
                    // Closing is best effort: the server times the session out otherwise.
                }
            }

            await session.DisposeAsync();
        }

        await _supervisor;
        _connected.TrySetCanceled(); // the supervisor may have replaced it just before it saw the dispose
        OpcUaSubscription[] subscriptions;
        lock (_lock)
        {
            subscriptions = [.. _subscriptions];
            _subscriptions.Clear();
        }

        foreach (var subscription in subscriptions)
        {
            subscription.Complete();
        }

        SetState(ConnectionState.Disconnected);
        _disposing.Dispose();
    }
}
