using System.Globalization;

namespace Traceability.Plant;

/// <summary>A one-line progress bar; when the output is not a terminal, a line per tenth instead.</summary>
internal sealed class ProgressBar(TextWriter output, long total, bool redirected)
{
    private const int Width = 40;
    private long _lastTenth = -1;

    public void Show(long done, long rejected, string state)
    {
        var c = CultureInfo.InvariantCulture;
        if (redirected)
        {
            var tenth = done * 10 / Math.Max(1, total);
            if (tenth != _lastTenth)
            {
                _lastTenth = tenth;
                output.WriteLine(string.Create(c, $"  {done}/{total} units ({rejected} rejected) {state}"));
            }

            return;
        }

        var filled = (int)(Width * Math.Min(done, total) / Math.Max(1, total));
        output.Write(string.Create(c, $"\r  [{new string('#', filled)}{new string('.', Width - filled)}] {done}/{total} units, {rejected} rejected, {state}   "));
    }

    public void Done()
    {
        if (!redirected)
        {
            output.WriteLine();
        }
    }
}
