using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;
using Traceability.Contracts.Line.V1;
using Traceability.Testing;

namespace Traceability.Contracts.Tests;

/// <summary>
/// traceability.line.v1 changes additively only: every field, enum value and method in contract-v1.txt must still exist
/// with its number and type. New lines are allowed (add them to the file); a removed, renumbered or retyped one fails.
/// </summary>
public sealed class ContractPinTests
{
    private static readonly string PinFile = RepositoryPaths.Combine("tests", "Traceability.Contracts.Tests", "contract-v1.txt");

    [Fact]
    public void Every_pinned_field_enum_value_and_method_still_exists_unchanged()
    {
        var current = Describe(LineReflection.Descriptor).ToHashSet(StringComparer.Ordinal);
        var pinned = File.ReadAllLines(PinFile).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        var broken = pinned.Where(l => !current.Contains(l)).ToList();
        Assert.True(broken.Count == 0, "Breaking change to traceability.line.v1 (make a v2 package instead):\n" + string.Join('\n', broken));
    }

    [Fact]
    public void Every_current_element_is_pinned()
    {
        var pinned = File.ReadAllLines(PinFile).ToHashSet(StringComparer.Ordinal);
        var unpinned = Describe(LineReflection.Descriptor).Where(l => !pinned.Contains(l)).ToList();
        Assert.True(unpinned.Count == 0, "Add these lines to contract-v1.txt:\n" + string.Join('\n', unpinned));
    }

    [Fact]
    public void A_batch_of_events_round_trips_through_the_wire_format()
    {
        var batch = new LineEventBatch
        {
            LineId = "line-1",
            Events =
            {
                new LineEvent
                {
                    EventId = "5f0c9a52-6b1e-4a55-9a5e-0d1f2b3c4d5e",
                    Sequence = 41,
                    OccurredAt = Timestamp.FromDateTimeOffset(new DateTimeOffset(2026, 11, 25, 8, 0, 0, TimeSpan.Zero)),
                    UnitCommissioned = new UnitCommissioned { Unit = new UnitId { Gtin = "09506000134352", Serial = "Q7XK2M9PZR4T" }, Lot = "L1", Expiry = "271231" },
                },
                new LineEvent
                {
                    EventId = "0b7c2f1e-1111-4a55-9a5e-0d1f2b3c4d5e",
                    Sequence = 42,
                    Aggregated = new Aggregated
                    {
                        ParentSscc = "106141411234567897",
                        Children = { new ItemId { Unit = new UnitId { Gtin = "09506000134352", Serial = "Q7XK2M9PZR4T" } } },
                    },
                },
            },
        };

        var parsed = LineEventBatch.Parser.ParseFrom(batch.ToByteArray());
        Assert.Equal(batch, parsed);
        Assert.Equal(LineEvent.BodyOneofCase.Aggregated, parsed.Events[1].BodyCase);
    }

    /// <summary>One line per method, field and enum value: "message LineEvent field 2 sequence int64".</summary>
    private static IEnumerable<string> Describe(FileDescriptor file)
    {
        foreach (var service in file.Services)
        {
            foreach (var method in service.Methods)
            {
                yield return $"service {service.Name} rpc {method.Name} {(method.IsClientStreaming ? "stream " : string.Empty)}{method.InputType.Name} returns {(method.IsServerStreaming ? "stream " : string.Empty)}{method.OutputType.Name}";
            }
        }

        foreach (var message in file.MessageTypes)
        {
            foreach (var field in message.Fields.InFieldNumberOrder())
            {
                var type = field.FieldType switch
                {
                    FieldType.Message => field.IsMap ? "map" : field.MessageType.FullName,
                    FieldType.Enum => field.EnumType.FullName,
                    _ => field.FieldType.ToString().ToLowerInvariant(),
                };
                var label = field.IsRepeated && !field.IsMap ? "repeated " : string.Empty;
                var oneof = field.RealContainingOneof is { } o ? $" oneof {o.Name}" : string.Empty;
                yield return $"message {message.Name} field {field.FieldNumber} {field.Name} {label}{type}{oneof}";
            }
        }

        foreach (var e in file.EnumTypes)
        {
            foreach (var value in e.Values)
            {
                yield return $"enum {e.Name} value {value.Number} {value.Name}";
            }
        }
    }
}
