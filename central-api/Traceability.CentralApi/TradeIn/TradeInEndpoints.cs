using Traceability.CentralApi.Codes;
using Traceability.CentralApi.Security;
using Traceability.Core.Gs1;

namespace Traceability.CentralApi.TradeIn;

/// <summary>Trade-in quotes and old-for-new orders, for the service desk, trade-in partners (quote, accept) and Admin.</summary>
public static class TradeInEndpoints
{
    /// <summary>The longest customer reference accepted.</summary>
    public const int MaxCustomerLength = 200;

    /// <summary>
    /// Maps <c>POST /api/tradein/quotes</c> and <c>POST /api/tradein/quotes/{id}/accept</c> (ServiceDesk, Partner, Admin) and
    /// <c>GET /api/tradein/quotes/{id}</c> (ServiceDesk, Admin: a partner's key is not scoped to its own quotes).
    /// </summary>
    public static IEndpointRouteBuilder MapTradeInEndpoints(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var group = endpoints.MapGroup("/api/tradein/quotes").WithTags("TradeIn");
        group.MapPost("", QuoteAsync).RequireAuthorization(CentralPolicies.TradeIn);
        group.MapGet("{id:guid}", GetAsync).RequireAuthorization(CentralPolicies.ServiceDesk);
        group.MapPost("{id:guid}/accept", AcceptAsync).RequireAuthorization(CentralPolicies.TradeIn);
        return endpoints;
    }

    private static async Task<IResult> QuoteAsync(TradeInQuoteRequest request, CodeAuthenticator codes, TradeInService tradeIn, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var condition = request.Condition?.Trim().ToUpperInvariant();
        if (condition is null || !TradeInPricing.Grades.Contains(condition))
        {
            errors["condition"] = [$"'{request.Condition}' is not a condition grade: A, B, C or D."];
        }

        if (string.IsNullOrWhiteSpace(request.Code))
        {
            errors["code"] = ["The code is required."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The trade-in is not valid.");
        }

        // The signature first, with no I/O. Text that is no unit code at all is bad input; a unit code that fails its
        // signature is a suspected copy (the service refuses it and raises the alert).
        var check = codes.Check(request.Code);
        if (check.Status is CodeCheckStatus.Unreadable or CodeCheckStatus.NotAUnit)
        {
            return check.ToProblem();
        }

        var (quote, refusal) = await tradeIn.QuoteAsync(check, request.Code!, condition!, cancellationToken);
        return quote is not null ? TypedResults.Created($"/api/tradein/quotes/{quote.QuoteId}", quote) : refusal!.ToResult();
    }

    private static async Task<IResult> GetAsync(Guid id, TradeInService tradeIn, CancellationToken cancellationToken) =>
        await tradeIn.GetQuoteAsync(id, cancellationToken) is { } quote
            ? TypedResults.Ok(quote)
            : new TradeInRefusal(404, "not_found", $"There is no trade-in quote {id}.").ToResult();

    private static async Task<IResult> AcceptAsync(Guid id, TradeInAcceptRequest request, TradeInService tradeIn, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (!Gtin.TryParse(request.NewProductGtin?.Trim(), out var gtin, out var error))
        {
            errors["newProductGtin"] = [request.NewProductGtin is null ? "The new product's GTIN is required." : error.ToString()!];
        }

        var customer = request.Customer?.Trim();
        if (string.IsNullOrEmpty(customer) || customer.Length > MaxCustomerLength || customer.Any(char.IsControl))
        {
            errors["customer"] = [$"The customer is required: at most {MaxCustomerLength} characters, no control characters."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The trade-in is not valid.");
        }

        var (order, refusal) = await tradeIn.AcceptAsync(id, gtin.Value, customer!, cancellationToken);
        return order is not null ? TypedResults.Created($"/api/tradein/quotes/{id}", order) : refusal!.ToResult();
    }
}
