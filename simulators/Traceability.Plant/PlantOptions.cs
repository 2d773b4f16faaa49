namespace Traceability.Plant;

/// <summary>What one plant run does; from the command line.</summary>
internal sealed record PlantOptions(
    int Units,
    string DataDirectory,
    bool ExitWhenDone,
    string? SummaryJson,
    int Rate,
    int ShiftDepth,
    int UnitsPerCase,
    int CasesPerPallet,
    double NoReadRate,
    int CentralHttpPort,
    int CentralGrpcPort,
    int HmiPort);
