namespace Traceability.Core.Gs1;

/// <summary>Thrown by the <c>Parse</c> methods of GS1 types; <see cref="Error"/> says what and where.</summary>
public sealed class Gs1FormatException : FormatException
{
    /// <summary>Creates the exception for <paramref name="error"/>.</summary>
    public Gs1FormatException(Gs1Error error)
        : base(error?.Message)
    {
        ArgumentNullException.ThrowIfNull(error);
        Error = error;
    }

    /// <summary>The error that was found.</summary>
    public Gs1Error Error { get; }
}
