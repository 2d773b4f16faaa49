namespace Traceability.OpcUa;

/// <summary>An OPC UA operation failed with a status code; the message names the operation, the node and the code.</summary>
public sealed class OpcUaException : Exception
{
    public OpcUaException()
        : this("OPC UA operation failed", new StatusCode(0x80010000))
    {
    }

    public OpcUaException(string message)
        : this(message, new StatusCode(0x80010000))
    {
    }

    public OpcUaException(string message, Exception innerException)
        : base(message, innerException)
    {
        StatusCode = new StatusCode(0x80050000);
        Context = message;
    }

    /// <param name="context">What failed and where, e.g. "Write ns=1;s=Line.Speed".</param>
    /// <param name="statusCode">The code the server (or the client) gave.</param>
    /// <param name="innerException">The underlying I/O error, if any.</param>
    public OpcUaException(string context, StatusCode statusCode, Exception? innerException = null)
        : base($"{context}: {statusCode}", innerException)
    {
        StatusCode = statusCode;
        Context = context;
    }

    /// <summary>The status code of the failure.</summary>
    public StatusCode StatusCode { get; }

    /// <summary>What failed and where, without the status code (the message is this, then the code).</summary>
    public string Context { get; }
}
