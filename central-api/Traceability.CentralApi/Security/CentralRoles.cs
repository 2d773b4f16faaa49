namespace Traceability.CentralApi.Security;

/// <summary>The roles an API key can carry (<c>Auth:ApiKeys:n:Role</c>).</summary>
public static class CentralRoles
{
    /// <summary>A packing line's agent: LineSync, for its own line only.</summary>
    public const string Line = "Line";

    /// <summary>A dealer's system, for its own dealer id.</summary>
    public const string Dealer = "Dealer";

    /// <summary>Staff checking units in the field.</summary>
    public const string Inspector = "Inspector";

    /// <summary>Staff answering customers and watching lines.</summary>
    public const string ServiceDesk = "ServiceDesk";

    /// <summary>Operators of central; satisfies every staff policy.</summary>
    public const string Admin = "Admin";

    /// <summary>A trade-in partner's system: quotes and accepts trade-ins (<see cref="CentralPolicies.TradeIn"/>), nothing else.</summary>
    public const string Partner = "Partner";

    /// <summary>Every role, in the spelling configuration uses.</summary>
    public static IReadOnlyList<string> All { get; } = [Line, Dealer, Inspector, ServiceDesk, Admin, Partner];

    /// <summary>Roles whose key must name what it belongs to (<c>Id</c>: the line id or the dealer id).</summary>
    public static bool RequiresId(string role) => role is Line or Dealer;
}

/// <summary>Claims an API key gives its caller besides the role.</summary>
public static class CentralClaimTypes
{
    /// <summary>The line a <see cref="CentralRoles.Line"/> key belongs to.</summary>
    public const string LineId = "traceability/line_id";

    /// <summary>The dealer a <see cref="CentralRoles.Dealer"/> key belongs to.</summary>
    public const string DealerId = "traceability/dealer_id";
}
