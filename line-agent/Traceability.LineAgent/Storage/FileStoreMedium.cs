namespace Traceability.LineAgent.Storage;

/// <summary>The line store's two files on disk: <c>line.db</c> and <c>line-log.db</c> beside it.</summary>
internal sealed class FileStoreMedium : IStoreMedium
{
    private FileStoreMedium(string path, Stream data, Stream log)
    {
        Name = path;
        Data = data;
        Log = log;
    }

    public string Name { get; }

    public Stream Data { get; }

    public Stream Log { get; }

    /// <summary>The log file LiteDB would use for <paramref name="dataPath"/> (<c>x.db</c> → <c>x-log.db</c>).</summary>
    public static string LogPathFor(string dataPath) =>
        Path.Combine(
            Path.GetDirectoryName(dataPath) ?? "",
            Path.GetFileNameWithoutExtension(dataPath) + "-log" + Path.GetExtension(dataPath));

    /// <summary>
    /// Opens (or creates) both files, locked against a second writer. With <paramref name="flushToDisk"/> false a
    /// flush stops at the operating system (for measurements and for the test that shows the fsync matters).
    /// </summary>
    /// <exception cref="IOException">A file is locked by another process or cannot be opened.</exception>
    public static FileStoreMedium Open(string dataPath, bool flushToDisk)
    {
        var fullPath = Path.GetFullPath(dataPath);
        var directory = Path.GetDirectoryName(fullPath)!;
        Directory.CreateDirectory(directory);
        var logPath = LogPathFor(fullPath);
        var created = !File.Exists(fullPath) || !File.Exists(logPath);

        FileStream? data = null;
        FileStream? log = null;
        try
        {
            data = OpenFile(fullPath);
            log = OpenFile(logPath);
            if (created)
            {
                // A new file's name lives in the directory: without this a power loss can lose the whole file.
                DirectorySync.Flush(directory);
            }

            var medium = new FileStoreMedium(fullPath, new DiskFlushingStream(data, flushToDisk), new DiskFlushingStream(log, flushToDisk));
            data = null;
            log = null;
            return medium;
        }
        finally
        {
            data?.Dispose();
            log?.Dispose();
        }
    }

    /// <summary>Closes both files without flushing them: a clean close flushes first, a faulted store must not.</summary>
    public void Dispose()
    {
        Data.Dispose();
        Log.Dispose();
    }

    // bufferSize 0: no managed write buffer, so every page LiteDB writes reaches the operating system at once and
    // nothing waits inside the process. FileShare.None takes an exclusive lock: one agent per store file.
    private static FileStream OpenFile(string path) =>
        new(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, bufferSize: 0, FileOptions.RandomAccess);
}
