using System.CommandLine;
using System.Globalization;
using System.Net.Sockets;
using System.Text.Json;
using Traceability.OpcUa;

namespace Traceability.Ctl.Commands;

/// <summary><c>tracectl plc …</c>: browse, read, write and watch the line PC's OPC UA server (the PLC).</summary>
internal static class PlcCommands
{
    /// <summary>The --type names, as OPC UA's built-in types are called in Part 6 (and by the PLC integrator's tag list).</summary>
    private static readonly string[] TypeNames = ["Boolean", "SByte", "Byte", "Int16", "UInt16", "Int32", "UInt32", "Int64", "UInt64", "Float", "Double", "String", "DateTime", "Guid", "ByteString"];

    private static readonly NodeId ObjectsFolder = NodeId.Numeric(0, 85);

    public static Command Create() =>
        new("plc", "Talk to the line's PLC over OPC UA: browse its nodes, read, write and watch values.")
        {
            CreateBrowse(),
            CreateRead(),
            CreateWrite(),
            CreateWatch(),
        };

    private static Option<string> EndpointOption() => new("--endpoint", "-e")
    {
        Description = "The PLC's OPC UA endpoint, e.g. opc.tcp://192.0.2.20:4840 (SecurityPolicy None, anonymous).",
        Required = true,
    };

    private static Option<int> TimeoutOption() => new("--timeout-s")
    {
        Description = "Seconds to wait for the connection and for each request.",
        DefaultValueFactory = _ => 5,
    };

    private static Command CreateBrowse()
    {
        var endpoint = EndpointOption();
        var timeout = TimeoutOption();
        var node = new Option<string>("--node", "-n") { Description = "The node whose children to list, e.g. \"ns=1;s=Line\" (default: the Objects folder, i=85)." };
        var command = new Command("browse", "Lists the children of a node, one JSON object per line: browseName, nodeId, nodeClass, displayName.") { endpoint, node, timeout };
        command.SetAction((parseResult, cancellationToken) => RunAsync(parseResult, endpoint, timeout, async (client, output, error) =>
        {
            var text = parseResult.GetValue(node);
            if (!TryParseNode(text, error, out var id, ObjectsFolder))
            {
                return ExitCodes.InvalidInput;
            }

            foreach (var child in await client.BrowseAsync(id, cancellationToken))
            {
                output.WriteLine(JsonLine.Write(w =>
                {
                    w.WriteString("browseName", child.BrowseName.ToString());
                    w.WriteString("nodeId", child.NodeId.ToString());
                    w.WriteString("nodeClass", child.NodeClass.ToString());
                    w.WriteString("displayName", child.DisplayName?.Text);
                }));
            }

            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }

    private static Command CreateRead()
    {
        var endpoint = EndpointOption();
        var timeout = TimeoutOption();
        var node = new Option<string>("--node", "-n") { Description = "The variable to read, e.g. \"ns=1;s=Line.UnitCounter\".", Required = true };
        var command = new Command("read", "Reads a variable: one JSON object with node, type, value, status and timestamps.") { endpoint, node, timeout };
        command.SetAction((parseResult, cancellationToken) => RunAsync(parseResult, endpoint, timeout, async (client, output, error) =>
        {
            if (!TryParseNode(parseResult.GetRequiredValue(node), error, out var id))
            {
                return ExitCodes.InvalidInput;
            }

            var value = (await client.ReadValuesAsync([id], cancellationToken))[0];
            if (value.StatusCode.IsBad)
            {
                throw new OpcUaException($"Read {id}", value.StatusCode);
            }

            output.WriteLine(ValueLine(id, value, isReconciliation: null));
            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }

    private static Command CreateWrite()
    {
        var endpoint = EndpointOption();
        var timeout = TimeoutOption();
        var node = new Option<string>("--node", "-n") { Description = "The variable to write, e.g. \"ns=1;s=Line.Speed\".", Required = true };
        var value = new Option<string>("--value", "-v") { Description = "The value as text: true/false, 42, 60.5, any string; DateTime as ISO 8601, Guid as text, ByteString as base64.", Required = true };
        var type = new Option<string>("--type", "-t") { Description = "The OPC UA type to write (" + string.Join("|", TypeNames) + "). Default: the node's current type, read first." };
        type.AcceptOnlyFromAmong(TypeNames);
        var command = new Command("write", "Writes a variable and prints what was written as JSON (node, type, value).") { endpoint, node, value, type, timeout };
        command.SetAction((parseResult, cancellationToken) => RunAsync(parseResult, endpoint, timeout, async (client, output, error) =>
        {
            if (!TryParseNode(parseResult.GetRequiredValue(node), error, out var id))
            {
                return ExitCodes.InvalidInput;
            }

            var typeName = parseResult.GetValue(type);
            if (typeName is null)
            {
                var current = await client.ReadAsync(id, cancellationToken);
                typeName = TypeName(current);
                if (!TypeNames.Contains(typeName))
                {
                    error.WriteLine($"Write {id}: the node holds a {typeName}; give --type to say what to write ({string.Join("|", TypeNames)}).");
                    return ExitCodes.InvalidInput;
                }
            }

            var text = parseResult.GetRequiredValue(value);
            if (!TryConvert(text, typeName, out var converted))
            {
                error.WriteLine($"Write {id}: --value \"{text}\" is not a {typeName}.");
                return ExitCodes.InvalidInput;
            }

            await client.WriteAsync(id, converted, cancellationToken);
            output.WriteLine(JsonLine.Write(w =>
            {
                w.WriteString("node", id.ToString());
                w.WriteString("type", typeName);
                w.WritePropertyName("value");
                WriteValue(w, converted);
                w.WriteString("status", StatusCode.Good.Name);
            }));
            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }

    private static Command CreateWatch()
    {
        var endpoint = EndpointOption();
        var timeout = TimeoutOption();
        var nodes = new Option<string[]>("--node", "-n") { Description = "A variable to watch; repeat for several.", Required = true, AllowMultipleArgumentsPerToken = false };
        var count = new Option<int?>("--count", "-c") { Description = "Stop after this many changes (default: until Ctrl-C). The first change of each node is its current value." };
        var interval = new Option<int>("--interval-ms") { Description = "The publishing interval in milliseconds.", DefaultValueFactory = _ => 100 };
        var command = new Command("watch", "Prints each data change of the watched variables as a JSON line until --count changes or Ctrl-C.") { endpoint, nodes, count, interval, timeout };
        command.SetAction((parseResult, cancellationToken) => RunAsync(parseResult, endpoint, timeout, async (client, output, error) =>
        {
            var ids = new List<NodeId>();
            foreach (var text in parseResult.GetRequiredValue(nodes))
            {
                if (!TryParseNode(text, error, out var id))
                {
                    return ExitCodes.InvalidInput;
                }

                ids.Add(id);
            }

            if (parseResult.GetValue(count) is < 1 || parseResult.GetValue(interval) < 1)
            {
                error.WriteLine("--count and --interval-ms must be at least 1.");
                return ExitCodes.InvalidInput;
            }

            // A monitored item on a node that does not exist only reports a Bad status; read first so a typo fails loudly.
            var first = await client.ReadValuesAsync(ids, cancellationToken);
            for (var i = 0; i < ids.Count; i++)
            {
                if (first[i].StatusCode.IsBad)
                {
                    throw new OpcUaException($"Read {ids[i]}", first[i].StatusCode);
                }
            }

            var left = parseResult.GetValue(count) ?? int.MaxValue;
            await using var subscription = await client.SubscribeAsync(ids, TimeSpan.FromMilliseconds(parseResult.GetValue(interval)), cancellationToken);
            try
            {
                await foreach (var change in subscription.WithCancellation(cancellationToken))
                {
                    output.WriteLine(ValueLine(change.NodeId, change.Value, change.IsReconciliation));
                    output.Flush();
                    if (--left == 0)
                    {
                        break;
                    }
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Ctrl-C: the lines printed so far are the result.
            }

            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(
        ParseResult parseResult,
        Option<string> endpointOption,
        Option<int> timeoutOption,
        Func<OpcUaClient, TextWriter, TextWriter, Task<int>> action,
        CancellationToken cancellationToken)
    {
        var output = parseResult.InvocationConfiguration.Output;
        var error = parseResult.InvocationConfiguration.Error;
        var endpoint = parseResult.GetRequiredValue(endpointOption);
        var seconds = parseResult.GetValue(timeoutOption);
        if (seconds < 1)
        {
            error.WriteLine("--timeout-s must be at least 1.");
            return ExitCodes.InvalidInput;
        }

        try
        {
            var options = new OpcUaClientOptions { EndpointUrl = endpoint, RequestTimeout = TimeSpan.FromSeconds(seconds), SessionName = "tracectl" };
            await using var client = await OpcUaClient.ConnectAsync(options, cancellationToken);
            return await action(client, output, error);
        }
        catch (OpcUaException e)
        {
            // The client's messages name the operation and node ("Read ns=1;s=X: BadNodeIdUnknown (0x80340000)"); add where.
            error.WriteLine(e.Message.Contains(endpoint, StringComparison.Ordinal) ? e.Message : $"{e.Message} (at {endpoint})");
            return ExitCodes.InvalidInput;
        }
        catch (Exception e) when (e is IOException or SocketException or TimeoutException)
        {
            error.WriteLine($"{endpoint}: {e.Message}");
            return ExitCodes.InvalidInput;
        }
    }

    private static bool TryParseNode(string? text, TextWriter error, out NodeId id, NodeId? fallback = null)
    {
        if (text is null && fallback is { } value)
        {
            id = value;
            return true;
        }

        try
        {
            id = NodeId.Parse(text ?? "");
            return true;
        }
        catch (FormatException e)
        {
            error.WriteLine($"--node: {e.Message} (examples: \"ns=1;s=Line.UnitCounter\", \"i=2258\").");
            id = default;
            return false;
        }
    }

    private static string ValueLine(NodeId id, DataValue value, bool? isReconciliation) => JsonLine.Write(w =>
    {
        w.WriteString("node", id.ToString());
        w.WriteString("type", TypeName(value.Value));
        w.WritePropertyName("value");
        WriteValue(w, value.Value);
        w.WriteString("status", value.StatusCode.Name);
        if (value.SourceTimestamp is { } source)
        {
            w.WriteString("sourceTimestamp", source);
        }

        if (value.ServerTimestamp is { } server)
        {
            w.WriteString("serverTimestamp", server);
        }

        if (isReconciliation is { } reconciliation)
        {
            w.WriteBoolean("reconciliation", reconciliation);
        }
    });

    /// <summary>The OPC UA built-in type name of a value as the client decodes it; arrays as "Int32[]".</summary>
    internal static string TypeName(object? value) => value switch
    {
        null => "Null",
        bool => "Boolean",
        sbyte => "SByte",
        byte => "Byte",
        short => "Int16",
        ushort => "UInt16",
        int => "Int32",
        uint => "UInt32",
        long => "Int64",
        ulong => "UInt64",
        float => "Float",
        double => "Double",
        string => "String",
        DateTime => "DateTime",
        Guid => "Guid",
        byte[] => "ByteString",
        StatusCode => "StatusCode",
        NodeId => "NodeId",
        QualifiedName => "QualifiedName",
        LocalizedText => "LocalizedText",
        ExtensionObject => "ExtensionObject",
        Array array => TypeName(array.GetType().GetElementType() is { } element && array.Length > 0 ? array.GetValue(0) : DefaultOf(array.GetType().GetElementType())) + "[]",
        _ => value.GetType().Name,
    };

    private static object? DefaultOf(Type? type) =>
        type is null || type == typeof(string) ? string.Empty : type.IsValueType ? Activator.CreateInstance(type) : null;

    private static void WriteValue(Utf8JsonWriter w, object? value)
    {
        switch (value)
        {
            case null: w.WriteNullValue(); break;
            case bool b: w.WriteBooleanValue(b); break;
            case sbyte or byte or short or ushort or int or uint or long: w.WriteNumberValue(Convert.ToInt64(value, CultureInfo.InvariantCulture)); break;
            case ulong u: w.WriteNumberValue(u); break;
            case float f when float.IsFinite(f): w.WriteNumberValue(f); break;
            case double d when double.IsFinite(d): w.WriteNumberValue(d); break;
            case float or double: w.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture)); break;
            case string s: w.WriteStringValue(s); break;
            case DateTime t: w.WriteStringValue(t); break;
            case Guid g: w.WriteStringValue(g); break;
            case byte[] bytes: w.WriteBase64StringValue(bytes); break;
            case StatusCode code: w.WriteStringValue(code.Name); break;
            case LocalizedText text: w.WriteStringValue(text.Text); break;
            case Array array:
                w.WriteStartArray();
                foreach (var item in array)
                {
                    WriteValue(w, item);
                }

                w.WriteEndArray();
                break;
            default: w.WriteStringValue(value.ToString()); break;
        }
    }

    /// <summary>Converts command-line text to the .NET value whose type the client writes as <paramref name="typeName"/>.</summary>
    internal static bool TryConvert(string text, string typeName, out object value)
    {
        var inv = CultureInfo.InvariantCulture;
        const NumberStyles Integer = NumberStyles.AllowLeadingSign;
        const NumberStyles Real = NumberStyles.Float;
        object? result = typeName switch
        {
            "Boolean" => text.ToLowerInvariant() switch { "true" or "1" => true, "false" or "0" => false, _ => null },
            "SByte" => sbyte.TryParse(text, Integer, inv, out var v) ? v : null,
            "Byte" => byte.TryParse(text, Integer, inv, out var v) ? v : null,
            "Int16" => short.TryParse(text, Integer, inv, out var v) ? v : null,
            "UInt16" => ushort.TryParse(text, Integer, inv, out var v) ? v : null,
            "Int32" => int.TryParse(text, Integer, inv, out var v) ? v : null,
            "UInt32" => uint.TryParse(text, Integer, inv, out var v) ? v : null,
            "Int64" => long.TryParse(text, Integer, inv, out var v) ? v : null,
            "UInt64" => ulong.TryParse(text, Integer, inv, out var v) ? v : null,
            "Float" => float.TryParse(text, Real, inv, out var v) ? v : null,
            "Double" => double.TryParse(text, Real, inv, out var v) ? v : null,
            "String" => text,
            "DateTime" => DateTime.TryParse(text, inv, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var v) ? v : null,
            "Guid" => Guid.TryParse(text, out var v) ? v : null,
            "ByteString" => TryBase64(text),
            _ => null,
        };
        value = result!;
        return result is not null;

        static byte[]? TryBase64(string text)
        {
            var buffer = new byte[text.Length];
            return Convert.TryFromBase64String(text, buffer, out var n) ? buffer[..n] : null;
        }
    }
}
