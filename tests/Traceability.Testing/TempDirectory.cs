namespace Traceability.Testing;

/// <summary>A fresh folder under the system temp folder, deleted on dispose; for images the external tools read and write.</summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory() => Path = Directory.CreateTempSubdirectory("traceability-").FullName;

    public string Path { get; }

    /// <summary>A file path inside the folder.</summary>
    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A tool still holding a file must not turn a passing test red; the OS cleans temp.
        }
    }
}
