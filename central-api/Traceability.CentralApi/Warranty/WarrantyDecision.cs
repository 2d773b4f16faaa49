namespace Traceability.CentralApi.Warranty;

/// <summary>A unit's warranty as of one day.</summary>
/// <param name="Start">The first day of the warranty (local date in <c>Warranty:TimeZone</c>).</param>
/// <param name="End">The last day repairs are covered: <paramref name="Start"/> plus the term in calendar months.</param>
/// <param name="Rule">Which fact decided <paramref name="Start"/>.</param>
/// <param name="Today">The day the remedies below were judged for (local date).</param>
/// <param name="Return">Return (refund) within the policy's return days.</param>
/// <param name="Exchange">Exchange within the policy's exchange days.</param>
/// <param name="Repair">Repair within the term; its last day is <paramref name="End"/>.</param>
public sealed record WarrantyDecision(
    DateOnly Start, DateOnly End, WarrantyRule Rule, DateOnly Today, RemedyWindow Return, RemedyWindow Exchange, RemedyWindow Repair)
{
    /// <summary>True when no remedy applies any more: the unit is out of warranty.</summary>
    public bool Expired => !Repair.Applies;
}

/// <summary>One remedy of the three guarantees: its last day and whether it applies on the day judged.</summary>
public sealed record RemedyWindow(DateOnly LastDay, bool Applies);
