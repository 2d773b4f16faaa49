namespace Traceability.Testing;

/// <summary>Finds files of the repository from a test's output folder, so tests run from any working directory.</summary>
public static class RepositoryPaths
{
    private static readonly Lazy<string> LazyRoot = new(FindRoot);

    /// <summary>The folder holding Traceability.sln.</summary>
    public static string Root => LazyRoot.Value;

    /// <summary>A path under the repository root.</summary>
    public static string Combine(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Traceability.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No Traceability.sln above {AppContext.BaseDirectory}.");
    }
}
