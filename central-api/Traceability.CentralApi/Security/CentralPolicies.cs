using Microsoft.AspNetCore.Authorization;

namespace Traceability.CentralApi.Security;

/// <summary>
/// Authorization policies, one per role. Staff policies (Inspector, ServiceDesk) are also satisfied by Admin; Line and
/// Dealer are partners' machines and only their own keys satisfy them.
/// </summary>
public static class CentralPolicies
{
    public const string Line = CentralRoles.Line;
    public const string Dealer = CentralRoles.Dealer;
    public const string Inspector = CentralRoles.Inspector;
    public const string ServiceDesk = CentralRoles.ServiceDesk;
    public const string Admin = CentralRoles.Admin;

    /// <summary>Any of the brand's people or partners reading master data: dealer, inspector, service desk, admin.</summary>
    public const string Staff = "Staff";

    /// <summary>Who ships goods in the sales channel: a dealer (its own stock) or the brand (Admin).</summary>
    public const string Shipper = "Shipper";

    /// <summary>Who reads an inspection finding: inspectors (their own, checked by the endpoint), service desk, admin.</summary>
    public const string InspectionReader = "InspectionReader";

    /// <summary>Who reads a unit: staff (service desk, admin), and a dealer for the units shipped to it or its sub-dealers.</summary>
    public const string UnitReader = "UnitReader";

    /// <summary>Who quotes and accepts trade-ins: the service desk, a trade-in partner, admin.</summary>
    public const string TradeIn = "TradeIn";

    internal static void Add(AuthorizationOptions options)
    {
        Add(options, Line, CentralRoles.Line);
        Add(options, Dealer, CentralRoles.Dealer);
        Add(options, Inspector, CentralRoles.Inspector, CentralRoles.Admin);
        Add(options, ServiceDesk, CentralRoles.ServiceDesk, CentralRoles.Admin);
        Add(options, Admin, CentralRoles.Admin);
        Add(options, Staff, CentralRoles.Dealer, CentralRoles.Inspector, CentralRoles.ServiceDesk, CentralRoles.Admin);
        Add(options, Shipper, CentralRoles.Dealer, CentralRoles.Admin);
        Add(options, InspectionReader, CentralRoles.Inspector, CentralRoles.ServiceDesk, CentralRoles.Admin);
        Add(options, UnitReader, CentralRoles.Dealer, CentralRoles.ServiceDesk, CentralRoles.Admin);
        Add(options, TradeIn, CentralRoles.ServiceDesk, CentralRoles.Partner, CentralRoles.Admin);
    }

    private static void Add(AuthorizationOptions options, string name, params string[] roles) =>
        options.AddPolicy(name, policy => policy
            .AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName)
            .RequireAuthenticatedUser()
            .RequireRole(roles));
}
