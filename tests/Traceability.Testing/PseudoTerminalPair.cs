using System.Diagnostics;

namespace Traceability.Testing;

/// <summary>
/// A real pair of connected pseudo-terminals made by socat (Debian package socat): bytes written to <see cref="PathA"/>
/// come out of <see cref="PathB"/> and back. A pty ignores baud rate and framing, so timing and parity errors cannot be
/// tested with it. Disposing kills socat, which the serial side sees as a disconnect.
/// </summary>
public sealed class PseudoTerminalPair : IDisposable
{
    private readonly Process _socat;
    private readonly TempDirectory _dir = new();

    public PseudoTerminalPair()
    {
        PathA = _dir.File("ttyA");
        PathB = _dir.File("ttyB");
        var start = new ProcessStartInfo("socat") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add("-d");
        start.ArgumentList.Add($"pty,raw,echo=0,link={PathA}");
        start.ArgumentList.Add($"pty,raw,echo=0,link={PathB}");
        try
        {
            _socat = Process.Start(start) ?? throw new ExternalToolException("socat did not start.");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            _dir.Dispose();
            throw new ExternalToolException("socat is not installed (Debian package socat; .ci/run installs it).", e);
        }

        // The links appear 50–100 ms after socat starts: poll for them.
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (!(File.Exists(PathA) && File.Exists(PathB)))
        {
            if (DateTime.UtcNow > deadline || _socat.HasExited)
            {
                var stderr = _socat.HasExited ? _socat.StandardError.ReadToEnd() : string.Empty;
                Dispose();
                throw new ExternalToolException($"socat made no pseudo-terminals within 5 s. {stderr}");
            }

            Thread.Sleep(10);
        }
    }

    /// <summary>One end (a symlink to /dev/pts/N).</summary>
    public string PathA { get; }

    /// <summary>The other end.</summary>
    public string PathB { get; }

    /// <summary>Kills socat: both ends hang up.</summary>
    public void Dispose()
    {
        try
        {
            if (!_socat.HasExited)
            {
                _socat.Kill();
                _socat.WaitForExit(5_000);
            }
        }
        catch (InvalidOperationException)
        {
            // already gone
        }

        _socat.Dispose();
        _dir.Dispose();
    }
}
