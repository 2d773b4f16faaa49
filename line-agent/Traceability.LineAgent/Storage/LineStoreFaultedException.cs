namespace Traceability.LineAgent.Storage;

/// <summary>
/// The store could not make a commit durable (the disk refused a write or a flush). What it acknowledged before
/// is safe; nothing after is accepted until the agent restarts and reopens the file, because after a failed fsync
/// the operating system may have dropped the unflushed pages and the file's state is unknown.
/// </summary>
public sealed class LineStoreFaultedException : IOException
{
    public LineStoreFaultedException()
    {
    }

    public LineStoreFaultedException(string message)
        : base(message)
    {
    }

    public LineStoreFaultedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
