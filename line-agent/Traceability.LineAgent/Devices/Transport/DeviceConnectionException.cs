namespace Traceability.LineAgent.Devices.Transport;

/// <summary>A device cannot be reached or stopped answering; the message names the endpoint and the cause.</summary>
public sealed class DeviceConnectionException : IOException
{
    /// <summary>Creates the exception.</summary>
    public DeviceConnectionException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public DeviceConnectionException(string message, Exception inner)
        : base(message, inner)
    {
    }

    /// <summary>Creates the exception.</summary>
    public DeviceConnectionException()
    {
    }
}
