namespace Traceability.Labels.Zpl;

/// <summary>Cuts a ZPL stream into commands. Text between commands and CR/LF anywhere are ignored, as printers do.</summary>
internal static class ZplLexer
{
    public static List<ZplCommand> Tokenize(string zpl)
    {
        var commands = new List<ZplCommand>();
        var i = 0;
        while (i < zpl.Length)
        {
            var prefix = zpl[i];
            if (prefix is not ('^' or '~'))
            {
                i++;
                continue;
            }

            var position = i + 1;
            i++;
            string name;
            if (i < zpl.Length && char.ToUpperInvariant(zpl[i]) == 'A' && prefix == '^')
            {
                // ^A<font>: the font letter is a parameter, not part of the name (^A0, ^AD, ^A@).
                name = "A";
                i++;
            }
            else
            {
                var end = Math.Min(i + 2, zpl.Length);
                name = zpl[i..end].ToUpperInvariant();
                i = end;
            }

            // Field data and comments run to the next caret; a tilde inside a URL is data.
            var dataLike = prefix == '^' && name is "FD" or "FX" or "FV";
            var stop = i;
            while (stop < zpl.Length && zpl[stop] != '^' && (dataLike || zpl[stop] != '~'))
            {
                stop++;
            }

            var parameters = zpl[i..stop];
            if (parameters.Contains('\r', StringComparison.Ordinal) || parameters.Contains('\n', StringComparison.Ordinal))
            {
                parameters = parameters.Replace("\r", string.Empty, StringComparison.Ordinal).Replace("\n", string.Empty, StringComparison.Ordinal);
            }

            commands.Add(new ZplCommand(prefix, name, parameters, position));
            i = stop;
        }

        return commands;
    }
}
