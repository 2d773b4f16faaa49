namespace Traceability.Labels.Zpl;

/// <summary>Malformed ZPL: the message names the command and its 1-based character position in the stream.</summary>
public sealed class ZplException : Exception
{
    public ZplException()
    {
    }

    public ZplException(string message)
        : base(message)
    {
    }

    public ZplException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    internal ZplException(ZplCommand command, string problem)
        : base($"{command.Display} at position {command.Position}: {problem}")
    {
        Command = command.Display;
        Position = command.Position;
    }

    /// <summary>The command, e.g. "^GF"; null when the problem is the stream as a whole.</summary>
    public string? Command { get; }

    /// <summary>The 1-based character position of the command's prefix in the ZPL text; 0 when unknown.</summary>
    public int Position { get; }
}
