using System.Globalization;

namespace Traceability.Benchmarks.Load;

/// <summary>
/// The whole machine's CPU at one instant (Linux): busy and total time of all cores from <c>/proc/stat</c>, and the
/// kernel's CPU pressure from <c>/proc/pressure/cpu</c> (the time during which at least one runnable task waited for a
/// core). Two snapshots around a run say how busy the machine was (every process, not only the run's own: a build next
/// door shows) and how long work queued for a core, which is where a latency tail grows on a saturated machine.
/// </summary>
internal readonly record struct MachineCpu(long BusyTicks, long TotalTicks, long PressureMicroseconds)
{
    /// <summary>Now; zeros where the files are missing (not Linux, or a kernel without PSI).</summary>
    public static MachineCpu Read() => new(Busy(out var total), total, Pressure());

    /// <summary>Describes the interval from <paramref name="before"/> to this snapshot, <paramref name="wall"/> long.</summary>
    public string Since(MachineCpu before, TimeSpan wall)
    {
        var total = TotalTicks - before.TotalTicks;
        if (total <= 0)
        {
            return "machine CPU not readable";
        }

        var busy = 100.0 * (BusyTicks - before.BusyTicks) / total;
        var text = string.Create(CultureInfo.InvariantCulture, $"machine CPU busy {busy:F0} % of {Environment.ProcessorCount} cores");
        return PressureMicroseconds == 0
            ? text
            : string.Create(CultureInfo.InvariantCulture, $"{text}, a task waiting for a core {100.0 * (PressureMicroseconds - before.PressureMicroseconds) / wall.TotalMicroseconds:F0} % of the time");
    }

    // The first line of /proc/stat: "cpu user nice system idle iowait irq softirq steal guest guest_nice" (ticks);
    // guest time is already counted in user.
    private static long Busy(out long total)
    {
        total = 0;
        if (!File.Exists("/proc/stat"))
        {
            return 0;
        }

        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Take(8).Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        total = fields.Sum();
        return total - fields[3] - fields[4];
    }

    // "some avg10=… avg60=… avg300=… total=<µs>".
    private static long Pressure()
    {
        if (!File.Exists("/proc/pressure/cpu"))
        {
            return 0;
        }

        var some = File.ReadLines("/proc/pressure/cpu").First();
        return long.Parse(some[(some.LastIndexOf('=') + 1)..], CultureInfo.InvariantCulture);
    }
}
