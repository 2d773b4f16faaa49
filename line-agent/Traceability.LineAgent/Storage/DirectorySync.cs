using System.ComponentModel;
using System.Runtime.InteropServices;
using System.Text;

namespace Traceability.LineAgent.Storage;

/// <summary>fsync on a directory, so that a newly created file's name survives a power loss (POSIX; .NET has no API for it).</summary>
internal static class DirectorySync
{
    private const int ReadOnly = 0;

    public static void Flush(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            // NTFS journals directory entries; a directory handle cannot be flushed without backup semantics anyway.
            return;
        }

        var path = Encoding.UTF8.GetBytes(directory + "\0");
        var fd = Native.Open(path, ReadOnly);
        if (fd < 0)
        {
            throw new IOException($"Cannot open directory {directory} to flush it", new Win32Exception(Marshal.GetLastPInvokeError()));
        }

        try
        {
            if (Native.Fsync(fd) != 0)
            {
                throw new IOException($"fsync on directory {directory} failed", new Win32Exception(Marshal.GetLastPInvokeError()));
            }
        }
        finally
        {
            _ = Native.Close(fd);
        }
    }

    // DllImport rather than LibraryImport: every argument is blittable (the byte[] is pinned), and LibraryImport would
    // need unsafe code enabled for the whole project for three calls.
    private static class Native
    {
        [DllImport("libc", EntryPoint = "open", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        internal static extern int Open(byte[] path, int flags);

        [DllImport("libc", EntryPoint = "fsync", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        internal static extern int Fsync(int fd);

        [DllImport("libc", EntryPoint = "close", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        internal static extern int Close(int fd);
    }
}
