namespace Traceability.CentralApi.Epcis;

/// <summary>RFC 7807 answers with the exception types the EPCIS 2.0 REST binding names.</summary>
internal static class EpcisProblems
{
    public const string Validation = "epcisException:ValidationException";
    public const string QueryParameter = "epcisException:QueryParameterException";
    public const string NoSuchName = "epcisException:NoSuchNameException";
    public const string Implementation = "epcisException:ImplementationException";
    public const string CaptureLimitExceeded = "epcisException:CaptureLimitExceededException";

    public static IResult Invalid(Dictionary<string, string[]> errors, string type, string title) =>
        TypedResults.ValidationProblem(errors, title: title, type: type);

    public static IResult Problem(int status, string type, string title, string detail, IDictionary<string, object?>? extensions = null) =>
        TypedResults.Problem(detail, statusCode: status, title: title, type: type, extensions: extensions);
}
