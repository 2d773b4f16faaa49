namespace Traceability.Testing;

/// <summary>An external tool (zbarimg, dmtxread, zint, node) is missing, failed or timed out. Tests fail on it, never skip: CI installs the tools.</summary>
public sealed class ExternalToolException : Exception
{
    public ExternalToolException()
    {
    }

    public ExternalToolException(string message)
        : base(message)
    {
    }

    public ExternalToolException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
