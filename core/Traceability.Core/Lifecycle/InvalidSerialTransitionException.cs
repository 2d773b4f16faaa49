namespace Traceability.Core.Lifecycle;

/// <summary>Thrown by <see cref="SerialLifecycle.Transition"/> when a serial number is asked to make an illegal move.</summary>
public sealed class InvalidSerialTransitionException : InvalidOperationException
{
    /// <summary>Creates the exception for a refused move from <paramref name="from"/> to <paramref name="to"/>.</summary>
    /// <param name="from">The state the serial is in.</param>
    /// <param name="to">The state that was refused.</param>
    /// <param name="reason">Why it was refused, starting with "From → To:".</param>
    public InvalidSerialTransitionException(SerialState from, SerialState to, string reason)
        : base(reason)
    {
        From = from;
        To = to;
    }

    /// <summary>Creates the exception with a message only (no states known).</summary>
    public InvalidSerialTransitionException()
    {
    }

    /// <summary>Creates the exception with a message only (no states known).</summary>
    /// <param name="message">What was refused and why.</param>
    public InvalidSerialTransitionException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the exception that caused it.</summary>
    /// <param name="message">What was refused and why.</param>
    /// <param name="innerException">The cause.</param>
    public InvalidSerialTransitionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The state the serial is in, when known.</summary>
    public SerialState? From { get; }

    /// <summary>The state that was refused, when known.</summary>
    public SerialState? To { get; }
}
