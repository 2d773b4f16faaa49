namespace Traceability.CentralApi.TradeIn;

/// <summary>Why a quote or an accept was refused: an HTTP status, a machine word, and a sentence.</summary>
/// <param name="Status">404, 409 or 422 (400 goes through <paramref name="Field"/>).</param>
/// <param name="Refusal">counterfeit, unknown_serial, retired, decommissioned, not_commissioned, no_list_price, not_found, accepted, expired, no_region, no_recycler, or invalid.</param>
/// <param name="Detail">Why, in words.</param>
/// <param name="Field">For bad input (400): the field at fault.</param>
/// <param name="AlertId">The alert raised, if any.</param>
/// <param name="OrderId">For an accepted quote: its order.</param>
public sealed record TradeInRefusal(int Status, string Refusal, string Detail, string? Field = null, Guid? AlertId = null, Guid? OrderId = null)
{
    internal IResult ToResult()
    {
        var extensions = new Dictionary<string, object?> { ["refusal"] = Refusal };
        if (AlertId is { } alert)
        {
            extensions["alertId"] = alert;
        }

        if (OrderId is { } order)
        {
            extensions["orderId"] = order;
        }

        return Field is { } field
            ? Results.ValidationProblem(new Dictionary<string, string[]> { [field] = [Detail] }, title: "The trade-in is not valid.", extensions: extensions)
            : Results.Problem(Detail, statusCode: Status, title: "The trade-in was refused.", extensions: extensions);
    }
}
