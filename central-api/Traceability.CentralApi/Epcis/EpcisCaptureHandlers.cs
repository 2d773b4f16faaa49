using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Traceability.CentralApi.Storage;

namespace Traceability.CentralApi.Epcis;

/// <summary>
/// <c>POST /epcis/capture</c> and <c>GET /epcis/capture/{captureID}</c>. The REST binding makes capture asynchronous:
/// 202 Accepted with a Location to the capture job. Central captures within the request (validation, then one
/// transaction), so the job is finished when 202 is sent: an invalid document is refused with 400 before any job
/// exists, a reused eventID with 409, and a job that exists always succeeded (GS1-Capture-Error-Behaviour rollback).
/// </summary>
internal static class EpcisCaptureHandlers
{
    public static async Task<IResult> CaptureAsync(
        HttpRequest request, IEpcisStore store, TimeProvider time, IOptions<EpcisOptions> options, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger(typeof(EpcisCaptureHandlers));
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType)
            || !(contentType.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) || contentType.MediaType.Equals("application/ld+json", StringComparison.OrdinalIgnoreCase)))
        {
            return EpcisProblems.Problem(StatusCodes.Status415UnsupportedMediaType, EpcisProblems.Implementation, "Unsupported media type",
                "Send an EPCIS 2.0 JSON-LD document as application/json or application/ld+json.");
        }

        if (request.Headers["GS1-Capture-Error-Behaviour"] is { Count: > 0 } behaviour && !string.Equals(behaviour.ToString(), "rollback", StringComparison.OrdinalIgnoreCase))
        {
            return EpcisProblems.Problem(StatusCodes.Status501NotImplemented, EpcisProblems.Implementation, "Capture error behaviour not supported",
                $"GS1-Capture-Error-Behaviour '{behaviour}': this repository captures all or nothing (rollback).");
        }

        JsonNode? body;
        try
        {
            body = await JsonNode.ParseAsync(request.Body, cancellationToken: cancellationToken);
        }
        catch (JsonException e)
        {
            return EpcisProblems.Invalid(new() { [""] = [$"Not JSON: {e.Message}"] }, EpcisProblems.Validation, "The document is not valid EPCIS 2.0");
        }

        if (body is not JsonObject document)
        {
            return EpcisProblems.Invalid(new() { [""] = ["An EPCIS document is a JSON object."] }, EpcisProblems.Validation, "The document is not valid EPCIS 2.0");
        }

        var limit = options.Value.CaptureLimit;
        if ((document["epcisBody"]?["eventList"] ?? document["epcisBody"]?["queryResults"]?["resultsBody"]?["eventList"]) is JsonArray list && list.Count > limit)
        {
            request.HttpContext.Response.Headers["GS1-EPCIS-Capture-Limit"] = limit.ToString(CultureInfo.InvariantCulture);
            return EpcisProblems.Problem(StatusCodes.Status413PayloadTooLarge, EpcisProblems.CaptureLimitExceeded, "Capture payload too large",
                $"The document has {list.Count} events; one capture takes at most {limit}. Split it into several captures.");
        }

        if (!EpcisCaptureReader.TryRead(document, out var events, out var errors))
        {
            EpcisLog.CaptureInvalid(logger, errors.Count, errors.Keys.First());
            return EpcisProblems.Invalid(errors, EpcisProblems.Validation, "The document is not valid EPCIS 2.0");
        }

        var capture = new EpcisCapture(Guid.NewGuid(), time.GetUtcNow(), events);
        EpcisCaptureResult result;
        try
        {
            result = await store.CaptureAsync(capture, cancellationToken);
        }
        catch (EpcisEventConflictException e)
        {
            EpcisLog.CaptureConflict(logger, string.Join(", ", e.Keys));
            return EpcisProblems.Problem(StatusCodes.Status409Conflict, EpcisProblems.Validation, "eventID reused for other content", e.Message,
                new Dictionary<string, object?> { ["eventIDs"] = e.Keys });
        }

        EpcisLog.Captured(logger, capture.CaptureId, result.Stored, result.Duplicates);
        var job = Job(new EpcisCaptureJob(capture.CaptureId, capture.CreatedAt, events.Count, result.Stored, result.Duplicates));
        request.HttpContext.Response.Headers.Location = $"{request.PathBase}/epcis/capture/{capture.CaptureId:D}";
        return EpcisJsonOutput.Json(job, StatusCodes.Status202Accepted);
    }

    public static async Task<IResult> GetCaptureAsync(string captureId, IEpcisStore store, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(captureId, out var id) || await store.GetCaptureAsync(id, cancellationToken) is not { } job)
        {
            return EpcisProblems.Problem(StatusCodes.Status404NotFound, EpcisProblems.NoSuchName, "No such capture job", $"There is no capture job '{captureId}'.");
        }

        return EpcisJsonOutput.Json(Job(job));
    }

    // The binding's CaptureJob, plus counts.
    private static JsonObject Job(EpcisCaptureJob job) => new()
    {
        ["captureID"] = job.CaptureId.ToString("D"),
        ["createdAt"] = Core.Epcis.EpcisTime.Format(job.CreatedAt),
        ["finishedAt"] = Core.Epcis.EpcisTime.Format(job.CreatedAt),
        ["running"] = false,
        ["success"] = true,
        ["captureErrorBehaviour"] = "rollback",
        ["errors"] = new JsonArray(),
        ["eventCount"] = job.EventCount,
        ["storedCount"] = job.StoredCount,
        ["duplicateCount"] = job.DuplicateCount,
    };
}
