using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Traceability.LineAgent.Devices.Transport;
using Traceability.OpcUa;

namespace Traceability.LineAgent.Devices.Plc;

/// <summary>The line PLC over OPC UA (our own client): subscription for the unit counter, one WriteRequest per verdict.</summary>
public sealed class OpcUaPlc : IPlc
{
    private readonly OpcUaClient _client;
    private readonly PlcOptions _options;
    private readonly Nodes _nodes;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    private OpcUaPlc(OpcUaClient client, PlcOptions options, Nodes nodes, TimeProvider timeProvider, ILogger logger)
    {
        _client = client;
        _options = options;
        _nodes = nodes;
        _timeProvider = timeProvider;
        _logger = logger;
        _client.StateChanged += OnClientStateChanged;
    }

    private sealed record Nodes(
        NodeId ProductPresent, NodeId UnitCounter, NodeId VerdictSequence, NodeId VerdictGood, NodeId VerdictReason,
        NodeId VerdictAck, NodeId Running, NodeId Fault, NodeId Speed, NodeId CaseFull);

    /// <inheritdoc/>
    public DeviceConnectionState State => Map(_client.State);

    /// <summary>Raised on every connection state change (from a background thread).</summary>
    public event EventHandler<DeviceConnectionState>? StateChanged;

    /// <summary>Connects and checks every configured node once, so a wrong node id fails now and names its option.</summary>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">The options are invalid.</exception>
    /// <exception cref="OpcUaException">
    /// The PLC cannot be reached, or a node does not exist: "Plc:UnitCounter ns=1;s=Line.Nope: BadNodeIdUnknown (0x80340000)".
    /// </exception>
    public static Task<OpcUaPlc> ConnectAsync(PlcOptions options, CancellationToken cancellationToken) =>
        ConnectAsync(options, null, null, cancellationToken);

    /// <inheritdoc cref="ConnectAsync(PlcOptions, CancellationToken)"/>
    public static async Task<OpcUaPlc> ConnectAsync(PlcOptions options, TimeProvider? timeProvider, ILogger? logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var validation = new PlcOptionsValidator().Validate(null, options);
        if (validation.Failed)
        {
            throw new Microsoft.Extensions.Options.OptionsValidationException(PlcOptions.SectionName, typeof(PlcOptions), validation.Failures);
        }

        timeProvider ??= TimeProvider.System;
        logger ??= NullLogger.Instance;
        var checkedNodes = options.Nodes().Select(n => (n.Name, Id: NodeId.Parse(n.Value))).ToArray();
        var ids = checkedNodes.ToDictionary(n => n.Name, n => n.Id);
        var nodes = new Nodes(
            ids[nameof(PlcOptions.ProductPresent)], ids[nameof(PlcOptions.UnitCounter)], ids[nameof(PlcOptions.VerdictSequence)],
            ids[nameof(PlcOptions.VerdictGood)], ids[nameof(PlcOptions.VerdictReason)], ids[nameof(PlcOptions.VerdictAck)],
            ids[nameof(PlcOptions.Running)], ids[nameof(PlcOptions.Fault)], ids[nameof(PlcOptions.Speed)], ids[nameof(PlcOptions.CaseFull)]);

        var client = await OpcUaClient.ConnectAsync(
            new OpcUaClientOptions { EndpointUrl = options.Endpoint, RequestTimeout = options.RequestTimeout },
            timeProvider, logger, null, cancellationToken);
        try
        {
            var values = await client.ReadValuesAsync([.. checkedNodes.Select(n => n.Id)], cancellationToken);
            for (var i = 0; i < values.Length; i++)
            {
                if (values[i].StatusCode.IsBad)
                {
                    throw new OpcUaException($"{PlcOptions.SectionName}:{checkedNodes[i].Name} {checkedNodes[i].Id}", values[i].StatusCode);
                }
            }
        }
        catch
        {
            await client.DisposeAsync();
            throw;
        }

        PlcLog.Connected(logger, options.Endpoint, checkedNodes.Length);
        return new OpcUaPlc(client, options, nodes, timeProvider, logger);
    }

    /// <inheritdoc/>
    public async IAsyncEnumerable<UnitTrigger> TriggersAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var subscription = await _client.SubscribeAsync([_nodes.UnitCounter], _options.PublishingInterval, _options.SamplingInterval, cancellationToken);
        var sequencer = new UnitSequencer();
        await foreach (var change in subscription.WithCancellation(cancellationToken))
        {
            if (change.Value.StatusCode.IsBad || change.Value.Value is null)
            {
                continue;
            }

            var value = Convert.ToInt64(change.Value.Value, CultureInfo.InvariantCulture);
            var at = change.Value.SourceTimestamp is { } source
                ? new DateTimeOffset(DateTime.SpecifyKind(source, DateTimeKind.Utc))
                : _timeProvider.GetUtcNow();
            var last = sequencer.Last;
            var triggers = sequencer.Observe(value, at, change.IsReconciliation, out var wentBack);
            if (wentBack)
            {
                PlcLog.CounterWentBack(_logger, last ?? 0, value);
            }
            else if (triggers.Count > 0 && triggers[0].Recovered)
            {
                PlcLog.Recovered(_logger, last ?? 0, value, triggers[0].Sequence);
            }

            foreach (var trigger in triggers)
            {
                yield return trigger;
            }
        }
    }

    /// <inheritdoc/>
    public async Task WriteVerdictAsync(long sequence, bool good, string? reason, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sequence);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(sequence, uint.MaxValue);
        var n = (uint)sequence;
        var results = await _client.WriteValuesAsync(
            [(_nodes.VerdictGood, good), (_nodes.VerdictReason, reason ?? ""), (_nodes.VerdictSequence, n)], cancellationToken);
        if (results.Length == 3 && !results.Any(r => r.IsBad))
        {
            return;
        }

        var statuses = string.Join(", ", results.Select(r => r.ToString()));
        if (results.Length == 3 && results[2].IsGood)
        {
            // The PLC latched the sequence with whatever good/reason the mailbox held before: possibly "good" for a unit
            // we wanted rejected. Latch a reject for it (the PLC keys by sequence, the last write wins) before reporting.
            PlcLog.IncompleteVerdict(_logger, sequence, statuses);
            await _client.WriteValuesAsync(
                [(_nodes.VerdictGood, false), (_nodes.VerdictReason, "verdict write failed"), (_nodes.VerdictSequence, n)], cancellationToken);
        }

        throw new OpcUaException($"{PlcOptions.SectionName} verdict for unit {sequence} ({statuses})", results.FirstOrDefault(r => r.IsBad, new StatusCode(0x80090000)));
    }

    /// <inheritdoc/>
    public async Task<LineStatus> ReadLineStatusAsync(CancellationToken cancellationToken)
    {
        var values = await _client.ReadValuesAsync([_nodes.Running, _nodes.Fault, _nodes.Speed, _nodes.CaseFull], cancellationToken);
        string[] names = [nameof(PlcOptions.Running), nameof(PlcOptions.Fault), nameof(PlcOptions.Speed), nameof(PlcOptions.CaseFull)];
        for (var i = 0; i < values.Length; i++)
        {
            if (values[i].StatusCode.IsBad)
            {
                throw new OpcUaException($"Read {PlcOptions.SectionName}:{names[i]}", values[i].StatusCode);
            }
        }

        return new LineStatus(
            Convert.ToBoolean(values[0].Value, CultureInfo.InvariantCulture),
            Convert.ToBoolean(values[1].Value, CultureInfo.InvariantCulture),
            Convert.ToDouble(values[2].Value, CultureInfo.InvariantCulture),
            Convert.ToBoolean(values[3].Value, CultureInfo.InvariantCulture));
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        _client.StateChanged -= OnClientStateChanged;
        await _client.DisposeAsync();
    }

    private void OnClientStateChanged(object? sender, ConnectionState state)
    {
        var mapped = Map(state);
        PlcLog.StateChanged(_logger, _options.Endpoint, mapped);
        StateChanged?.Invoke(this, mapped);
    }

    private static DeviceConnectionState Map(ConnectionState state) => state switch
    {
        ConnectionState.Connecting => DeviceConnectionState.Connecting,
        ConnectionState.Connected => DeviceConnectionState.Connected,
        ConnectionState.Reconnecting => DeviceConnectionState.Reconnecting,
        ConnectionState.Faulted => DeviceConnectionState.Faulted,
        _ => DeviceConnectionState.Disconnected,
    };
}
