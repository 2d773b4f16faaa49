namespace Traceability.Testing;

/// <summary>
/// Writes small MaxMind DB files for tests and benchmarks with Debian's MaxMind DB writer (libmaxmind-db-writer-perl),
/// through <c>geoip/write-mmdb.pl</c>. Fails loudly when perl or the module is missing.
/// </summary>
public static class MaxMindDbWriter
{
    /// <summary>Writes <paramref name="outputPath"/> from (network in CIDR form, record as JSON) pairs, inserted in order.</summary>
    public static void Write(string outputPath, IEnumerable<(string Network, string RecordJson)> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var script = RepositoryPaths.Combine("tests", "Traceability.Testing", "geoip", "write-mmdb.pl");
        var input = string.Join('\n', records.Select(r => $"{r.Network}\t{r.RecordJson}")) + "\n";
        string[] arguments = [script, outputPath];
        var result = ToolProcess.Run("perl", arguments, input, TimeSpan.FromMinutes(2), "Debian packages perl and libmaxmind-db-writer-perl");
        if (result.ExitCode != 0)
        {
            throw ToolProcess.Failure("perl", arguments, result);
        }
    }
}
