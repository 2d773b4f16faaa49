using Microsoft.AspNetCore.Http.HttpResults;
using Traceability.CentralApi.Security;
using Traceability.CentralApi.Storage;

namespace Traceability.CentralApi.Catalog;

/// <summary>Product and batch master data over REST.</summary>
public static class CatalogEndpoints
{
    /// <summary>
    /// Maps <c>POST /api/products</c> (create or update), <c>GET /api/products/{gtin}</c>,
    /// <c>POST /api/products/{gtin}/batches</c> and <c>GET /api/products/{gtin}/batches/{lot}</c>.
    /// </summary>
    public static RouteGroupBuilder MapCatalogEndpoints(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var group = endpoints.MapGroup("/api/products").WithTags("Catalog");
        group.MapPost("/", PostProductAsync).RequireAuthorization(CentralPolicies.Admin);
        group.MapGet("/{gtin}", GetProductAsync).RequireAuthorization(CentralPolicies.Staff);
        group.MapPost("/{gtin}/batches", PostBatchAsync).RequireAuthorization(CentralPolicies.Admin);
        group.MapGet("/{gtin}/batches/{lot}", GetBatchAsync).RequireAuthorization(CentralPolicies.Staff);
        return group;
    }

    private static async Task<Results<Created<Product>, Ok<Product>, ValidationProblem, ProblemHttpResult>> PostProductAsync(
        ProductRequest request, IProductCatalog catalog, CancellationToken cancellationToken)
    {
        if (!CatalogValidation.TryProduct(request, out var product, out var errors))
        {
            return TypedResults.ValidationProblem(errors);
        }

        try
        {
            return await catalog.UpsertProductAsync(product, cancellationToken)
                ? TypedResults.Created($"/api/products/{product.Gtin}", product)
                : TypedResults.Ok(product);
        }
        catch (ProductConflictException e)
        {
            return TypedResults.Problem(e.Message, statusCode: StatusCodes.Status409Conflict, title: "Company prefix length is fixed");
        }
    }

    private static async Task<Results<Ok<Product>, ValidationProblem, ProblemHttpResult>> GetProductAsync(
        string gtin, IProductCatalog catalog, CancellationToken cancellationToken)
    {
        if (!CatalogValidation.TryGtin(gtin, out var normalized, out var errors))
        {
            return TypedResults.ValidationProblem(errors);
        }

        return await catalog.GetProductAsync(normalized, cancellationToken) is { } product
            ? TypedResults.Ok(product)
            : NotFound($"No product with GTIN {normalized}.");
    }

    private static async Task<Results<Created<Batch>, Ok<Batch>, ValidationProblem, ProblemHttpResult>> PostBatchAsync(
        string gtin, BatchRequest request, IProductCatalog catalog, CancellationToken cancellationToken)
    {
        if (!CatalogValidation.TryBatch(gtin, request, out var batch, out var errors))
        {
            return TypedResults.ValidationProblem(errors);
        }

        try
        {
            return await catalog.UpsertBatchAsync(batch, cancellationToken)
                ? TypedResults.Created($"/api/products/{batch.Gtin}/batches/{Uri.EscapeDataString(batch.Lot)}", batch)
                : TypedResults.Ok(batch);
        }
        catch (KeyNotFoundException e)
        {
            return NotFound(e.Message);
        }
    }

    private static async Task<Results<Ok<Batch>, ValidationProblem, ProblemHttpResult>> GetBatchAsync(
        string gtin, string lot, IProductCatalog catalog, CancellationToken cancellationToken)
    {
        if (!CatalogValidation.TryGtin(gtin, out var normalized, out var errors))
        {
            return TypedResults.ValidationProblem(errors);
        }

        return await catalog.GetBatchAsync(normalized, lot, cancellationToken) is { } batch
            ? TypedResults.Ok(batch)
            : NotFound($"No batch '{lot}' of product {normalized}.");
    }

    private static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status404NotFound, title: "Not found");
}
