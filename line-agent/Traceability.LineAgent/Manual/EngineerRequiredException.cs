namespace Traceability.LineAgent.Manual;

/// <summary>A manual action that only an engineer may do was asked for by an operator.</summary>
public sealed class EngineerRequiredException : UnauthorizedAccessException
{
    /// <summary>Creates the exception.</summary>
    public EngineerRequiredException()
    {
    }

    /// <summary>Creates the exception with what was refused.</summary>
    public EngineerRequiredException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with what was refused and its cause.</summary>
    public EngineerRequiredException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
