using Traceability.Testing;
namespace Traceability.OpcUa.Tests;

internal static class TestCancellation
{
    /// <summary>xunit 2 has no per-test token; the client's RequestTimeout bounds every call instead.</summary>
    public static CancellationToken Ct => CancellationToken.None;
}
