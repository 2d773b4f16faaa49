namespace Traceability.CentralApi.Storage;

/// <summary>A line's request for a block of serials; <paramref name="RequestId"/> makes retries return the same block.</summary>
/// <param name="RequestId">Chosen by the line, unique per block it wants; the key of idempotency across retries and processes.</param>
/// <param name="LineId">The line the serials are for.</param>
/// <param name="Gtin">The GTIN, 14 digits.</param>
/// <param name="Count">How many serials, at least 1.</param>
public sealed record SerialBlockRequest(string RequestId, string LineId, string Gtin, int Count);

/// <summary>A block of serials as allocated for one request.</summary>
/// <param name="RequestId">The request it answers.</param>
/// <param name="BlockId">Central's id of the block.</param>
/// <param name="LineId">The line the serials are allocated to.</param>
/// <param name="Gtin">The GTIN.</param>
/// <param name="Serials">The serials, in the order the line hands them out.</param>
/// <param name="AllocatedAt">When the first call allocated it.</param>
public sealed record SerialBlockRecord(
    string RequestId, Guid BlockId, string LineId, string Gtin, IReadOnlyList<string> Serials, DateTimeOffset AllocatedAt);

/// <summary>A request id came back with another line, GTIN or count than the block it was first used for.</summary>
public sealed class SerialRequestConflictException : Exception
{
    public SerialRequestConflictException()
    {
    }

    public SerialRequestConflictException(string message)
        : base(message)
    {
    }

    public SerialRequestConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public SerialRequestConflictException(string requestId, string message)
        : base(message) => RequestId = requestId;

    /// <summary>The request id that was reused.</summary>
    public string RequestId { get; } = "";
}

/// <summary>Rules of <see cref="ICentralStore.AllocateSerialRequestAsync"/> that every database shares.</summary>
internal static class SerialRequests
{
    public const int MaxRequestIdLength = 200;

    public static void Check(SerialBlockRequest request, Func<int, IReadOnlyList<string>> drawCandidates)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(drawCandidates);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.RequestId, nameof(request));
        ArgumentException.ThrowIfNullOrWhiteSpace(request.LineId, nameof(request));
        ArgumentException.ThrowIfNullOrWhiteSpace(request.Gtin, nameof(request));
        ArgumentOutOfRangeException.ThrowIfLessThan(request.Count, 1, nameof(request));
        if (request.RequestId.Length > MaxRequestIdLength)
        {
            throw new ArgumentException($"The request id has {request.RequestId.Length} characters, at most {MaxRequestIdLength}.", nameof(request));
        }
    }

    /// <summary>The stored block when it answers <paramref name="request"/>; throws when the request id was used for another request.</summary>
    public static SerialBlockRecord Same(SerialBlockRequest request, SerialBlockRecord stored)
    {
        if (stored.LineId != request.LineId || stored.Gtin != request.Gtin || stored.Serials.Count != request.Count)
        {
            throw new SerialRequestConflictException(
                request.RequestId,
                $"request_id '{request.RequestId}' was used for {stored.Serials.Count} serials of GTIN {stored.Gtin} for line '{stored.LineId}'; "
                + $"this request asks {request.Count} of GTIN {request.Gtin} for line '{request.LineId}'. Use a new request_id for a new block.");
        }

        return stored;
    }

    /// <summary>
    /// Draws candidates until <paramref name="request"/>'s count are allocated: <paramref name="tryAllocate"/> returns
    /// the candidates it allocated (the rest were taken). Serials come out in draw order.
    /// </summary>
    public static async Task<List<string>> DrawAsync(
        SerialBlockRequest request,
        Func<int, IReadOnlyList<string>> drawCandidates,
        Func<IReadOnlyList<string>, Task<IReadOnlyCollection<string>>> tryAllocate)
    {
        var serials = new List<string>(request.Count);
        while (serials.Count < request.Count)
        {
            var needed = request.Count - serials.Count;
            var drawn = drawCandidates(needed);
            if (drawn is null || drawn.Count == 0)
            {
                throw new InvalidOperationException($"The candidate source gave no serials for request '{request.RequestId}'.");
            }

            var candidates = drawn.Count <= needed ? drawn : drawn.Take(needed).ToList();
            StoreArguments.CheckAllocation(request.Gtin, request.LineId, candidates);
            var won = new HashSet<string>(await tryAllocate(candidates).ConfigureAwait(false), StringComparer.Ordinal);
            foreach (var candidate in candidates)
            {
                // A candidate repeated in one draw is allocated once.
                if (won.Remove(candidate))
                {
                    serials.Add(candidate);
                }
            }
        }

        return serials;
    }
}
