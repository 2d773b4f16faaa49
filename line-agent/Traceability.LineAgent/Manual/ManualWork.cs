using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Traceability.Core.Authentication;
using Traceability.Core.Gs1;
using Traceability.Core.Lifecycle;
using Traceability.LineAgent.Devices.Printers;
using Traceability.LineAgent.Devices.Transport;
using Traceability.LineAgent.Pipeline;
using Traceability.LineAgent.Storage;

namespace Traceability.LineAgent.Manual;

/// <summary>
/// Manual work on the line (issue 6, item 4): reprints and reissues, samples, decommissioning, disaggregation and
/// re-aggregation. Enforces who may do what (<see cref="ManualRole"/>) and the reprint rules
/// (<see cref="ReprintOptions"/>); each action is one store transaction with its outbox event and its audit record,
/// and labels go through the pipeline's label path to the line's printer.
/// </summary>
/// <remarks>
/// Reprint rules. A label without a good verdict (awaiting its verdict, or rejected) is printed again with the same
/// serial by an operator, counted in <see cref="UnitRecord.ReprintCount"/>; the unit keeps its state (a rejected
/// label's serial is scrapped for good: the reprint labels the unit in the reject bin, it does not verify it). A label
/// on a verified unit needs an engineer and, by <see cref="ReprintOptions.VerifiedUnitPolicy"/>, is either reprinted
/// (same serial, at most <see cref="ReprintOptions.MaxReprintsPerUnit"/> reprints per unit) or reissued (new serial).
/// The store records the label before it is printed, as the line does for every label.
/// </remarks>
public sealed class ManualWork
{
    private readonly LineStore _store;
    private readonly IPrinter _printer;
    private readonly ReprintOptions _options;
    private readonly LineLabels _labels;
    private readonly ILogger _logger;

    /// <summary>Creates the service over the line's store and printer.</summary>
    /// <param name="store">The line store.</param>
    /// <param name="printer">The printer reprinted labels go to.</param>
    /// <param name="pipelineOptions">The line's label templates and Digital Link prefix (the pipeline's label path).</param>
    /// <param name="options">Validated with <see cref="ReprintOptionsValidator"/>.</param>
    /// <param name="signer">Signs unit codes with AI (8030), as the pipeline does; null when the line does not sign.</param>
    /// <param name="timeProvider">Time for the label's date.</param>
    /// <param name="logger">Logger.</param>
    /// <exception cref="OptionsValidationException">The options are invalid.</exception>
    public ManualWork(
        LineStore store, IPrinter printer, PipelineOptions pipelineOptions, ReprintOptions options,
        CodeSigner? signer = null, TimeProvider? timeProvider = null, ILogger<ManualWork>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(printer);
        ArgumentNullException.ThrowIfNull(pipelineOptions);
        ArgumentNullException.ThrowIfNull(options);
        var validation = new ReprintOptionsValidator().Validate(null, options);
        if (validation.Failed)
        {
            throw new OptionsValidationException(ReprintOptions.SectionName, typeof(ReprintOptions), validation.Failures);
        }

        _store = store;
        _printer = printer;
        _options = options;
        _labels = new LineLabels(pipelineOptions, signer, timeProvider ?? TimeProvider.System);
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>Raised after each manual action is on disk (from the caller's thread).</summary>
    public event EventHandler? Changed;

    /// <summary>The reprint rules in force.</summary>
    public ReprintOptions Options => _options;

    /// <summary>
    /// Labels that need attention: rejected, or printed with no verdict yet, of work orders running or paused;
    /// newest first (the running order first, then by PLC sequence, highest first).
    /// </summary>
    public IReadOnlyList<UnitRecord> ReprintQueue(int limit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        return
        [
            .. _store.WorkOrders()
                .Where(o => o.State is WorkOrderState.Running or WorkOrderState.Paused)
                .OrderBy(o => o.State == WorkOrderState.Running ? 0 : 1)
                .SelectMany(o => _store.UnitsOf(o.Id)
                    .Where(u => u.State is SerialState.LabelScrapped or SerialState.Encoded)
                    .OrderByDescending(u => u.PlcSequence))
                .Take(limit),
        ];
    }

    /// <summary>Prints a unit's label again, by the reprint rules, and returns what was done.</summary>
    /// <exception cref="KeyNotFoundException">No such unit on this line.</exception>
    /// <exception cref="EngineerRequiredException">The unit is verified and the role is Operator.</exception>
    /// <exception cref="InvalidOperationException">A rule refuses (limit reached, nothing to reprint, work order closed…).</exception>
    /// <exception cref="SerialPoolExhaustedException">A reissue found no serial in the pool.</exception>
    /// <exception cref="ManualPrintFailedException">Recorded, but the printer did not print the label.</exception>
    public async Task<ReprintOutcome> ReprintAsync(UnitKey unit, OperatorAction action, ManualRole role, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(action);
        var outcome = await _store.CommitAsync(tx =>
        {
            var found = tx.FindUnit(unit) ?? throw new KeyNotFoundException($"Unit {unit}: the serial is not on a unit of this line.");
            if (found.State != SerialState.Commissioned)
            {
                return new ReprintOutcome(ReprintKind.Reprinted, tx.RecordReprint(unit, action), null);
            }

            if (role != ManualRole.Engineer)
            {
                throw new EngineerRequiredException($"Unit {unit} is verified: printing its label again is an engineer action (engineer PIN).");
            }

            if (_options.VerifiedUnitPolicy == VerifiedUnitPolicy.Reissue)
            {
                var reissued = tx.ReissueUnit(unit, action);
                return new ReprintOutcome(ReprintKind.Reissued, reissued.Old, reissued.New);
            }

            return new ReprintOutcome(ReprintKind.Reprinted, tx.RecordReprint(unit, action, _options.MaxReprintsPerUnit), null);
        }, cancellationToken).ConfigureAwait(false);
        Done(outcome.Kind == ReprintKind.Reissued ? "reissue" : "reprint", unit.ToString(), action);

        var printed = outcome.Printed;
        var spec = _store.FindWorkOrder(printed.WorkOrderId)!.Spec;
        var label = _labels.Unit(printed.Key, spec);
        try
        {
            await _printer.PrintAsync(new PrintJob(printed.Key.ToString(), label.Zpl) { Reprint = outcome.Kind == ReprintKind.Reprinted }, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is PrinterNotReadyException or DeviceConnectionException or PrintOutcomeUnknownException or DuplicatePrintException)
        {
            ManualWorkLog.PrintFailed(_logger, outcome.Kind.ToString(), printed.Key.ToString(), e);
            throw new ManualPrintFailedException(outcome, e);
        }

        return outcome;
    }

    /// <summary>Takes a verified unit as a QA or retention sample (an operator action).</summary>
    /// <exception cref="KeyNotFoundException">No such unit on this line.</exception>
    /// <exception cref="InvalidOperationException">The unit is not verified, or sits in a closed case.</exception>
    public Task<UnitRecord> SampleAsync(UnitKey unit, OperatorAction action, CancellationToken cancellationToken) =>
        RunAsync("sample", unit.ToString(), action, tx => tx.SampleUnit(unit, action), cancellationToken);

    /// <summary>Decommissions a damaged verified unit (engineer): Inactive or Destroyed, with the reason.</summary>
    /// <exception cref="EngineerRequiredException">The role is Operator.</exception>
    /// <exception cref="KeyNotFoundException">No such unit on this line.</exception>
    /// <exception cref="InvalidOperationException">The unit is not verified, or sits in a closed case.</exception>
    public Task<UnitRecord> DecommissionAsync(UnitKey unit, DecommissionKind kind, OperatorAction action, ManualRole role, CancellationToken cancellationToken)
    {
        RequireEngineer(role, $"Decommissioning unit {unit}");
        return RunAsync(kind == DecommissionKind.Destroyed ? "destroy" : "decommission", unit.ToString(), action, tx => tx.DecommissionUnit(unit, kind, action), cancellationToken);
    }

    /// <summary>Empties a closed case or pallet for rework (engineer); its children become loose.</summary>
    /// <exception cref="EngineerRequiredException">The role is Operator.</exception>
    /// <exception cref="KeyNotFoundException">No such container on this line.</exception>
    /// <exception cref="InvalidOperationException">The container is open, or on a closed pallet.</exception>
    public Task<ContainerRecord> DisaggregateAsync(Sscc sscc, OperatorAction action, ManualRole role, CancellationToken cancellationToken)
    {
        RequireEngineer(role, $"Disaggregating {sscc}");
        return RunAsync("disaggregate", sscc.Value, action, tx => tx.Disaggregate(sscc, action), cancellationToken);
    }

    /// <summary>Puts loose verified units into a reopened case and closes it (engineer).</summary>
    /// <exception cref="EngineerRequiredException">The role is Operator.</exception>
    /// <exception cref="ArgumentException">No units, or one named twice.</exception>
    /// <exception cref="KeyNotFoundException">The case or a unit is not on this line.</exception>
    /// <exception cref="InvalidOperationException">A rule refuses (see <see cref="LineStoreTransaction.ReaggregateCase"/>).</exception>
    public Task<ContainerRecord> ReaggregateAsync(Sscc caseSscc, IReadOnlyList<UnitKey> units, OperatorAction action, ManualRole role, CancellationToken cancellationToken)
    {
        RequireEngineer(role, $"Re-aggregating case {caseSscc}");
        return RunAsync("re-aggregation", caseSscc.Value, action, tx => tx.ReaggregateCase(caseSscc, units, action), cancellationToken);
    }

    private static void RequireEngineer(ManualRole role, string what)
    {
        if (role != ManualRole.Engineer)
        {
            throw new EngineerRequiredException($"{what} is an engineer action (engineer PIN).");
        }
    }

    private async Task<T> RunAsync<T>(string verb, string subject, OperatorAction action, Func<LineStoreTransaction, T> change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(action);
        var result = await _store.CommitAsync(change, cancellationToken).ConfigureAwait(false);
        Done(verb, subject, action);
        return result;
    }

    private void Done(string verb, string subject, OperatorAction action)
    {
        ManualWorkLog.Done(_logger, verb, subject, action.OperatorId, action.Reason);
        Changed?.Invoke(this, EventArgs.Empty);
    }
}
