using System.Globalization;
using Traceability.Core.Lifecycle;

namespace Traceability.LineAgent.Tests.Storage.Crash;

/// <summary>
/// What the workload acknowledged, across restarts, from its ack lines (<c>kind args… .</c>). A line without the
/// final dot was cut by the kill and was never acknowledged.
/// </summary>
internal sealed class AckLedger
{
    private readonly Lock _lock = new();

    public Dictionary<string, SerialState> UnitStates { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, string> PackedIn { get; } = new(StringComparer.Ordinal);

    public HashSet<string> Closed { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, int> Reprints { get; } = new(StringComparer.Ordinal);

    public Dictionary<long, string> Audits { get; } = [];

    public long OutboxDurable { get; private set; }

    public int Lines { get; private set; }

    public void Add(string line)
    {
        var parts = line.Split(' ');
        if (parts.Length < 2 || parts[^1] != ".")
        {
            return;
        }

        lock (_lock)
        {
            Lines++;
            switch (parts[0])
            {
                case "state":
                    UnitStates[parts[1]] = Enum.Parse<SerialState>(parts[2]);
                    break;
                case "packed":
                    PackedIn[parts[1]] = parts[2];
                    break;
                case "closed":
                    Closed.Add(parts[1]);
                    break;
                case "reprint":
                    Reprints[parts[1]] = Math.Max(Reprints.GetValueOrDefault(parts[1]), int.Parse(parts[2], CultureInfo.InvariantCulture));
                    break;
                case "audit":
                    Audits[long.Parse(parts[1], CultureInfo.InvariantCulture)] = parts[2];
                    break;
                case "outbox":
                    OutboxDurable = Math.Max(OutboxDurable, long.Parse(parts[1], CultureInfo.InvariantCulture));
                    break;
                default:
                    break;
            }
        }
    }
}
