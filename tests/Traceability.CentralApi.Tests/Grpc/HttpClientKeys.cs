namespace Traceability.CentralApi.Tests.Grpc;

/// <summary>Sends an API key from an HTTP client made by any factory (e.g. one from WithWebHostBuilder).</summary>
internal static class HttpClientKeys
{
    public static HttpClient WithKey(this HttpClient http, string apiKey)
    {
        http.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        return http;
    }
}
