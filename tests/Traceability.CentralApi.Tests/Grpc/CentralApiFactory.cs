using System.Collections.Concurrent;
using System.Globalization;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Traceability.CentralApi.Tests.Storage;
using Traceability.Core.Authentication;
using Traceability.Core.Gs1;
using Traceability.Contracts.Line.V1;
using Traceability.Testing;

namespace Traceability.CentralApi.Tests.Grpc;

/// <summary>
/// central-api in memory over a fresh SQLite file, with API keys for a few lines and each staff role, and gRPC and
/// HTTP clients that send them. Extra configuration goes in <see cref="Settings"/> and extra lines in
/// <see cref="Lines"/>, both before the first client is made.
/// </summary>
public sealed class CentralApiFactory : WebApplicationFactory<Program>
{
    public const string AdminKey = "admin-key-0123456789abcdef";
    public const string ServiceDeskKey = "service-desk-key-0123456789";
    public const string InspectorKey = "inspector-key-0123456789";
    public const string DealerId = "dealer-1";
    public const string DealerKey = "dealer-key-dealer-1-0123456789";
    public const string PartnerKey = "partner-key-0123456789abcdef";

    private readonly TempDirectory _folder = new();
    private readonly ConcurrentDictionary<string, GrpcChannel> _channels = new(StringComparer.Ordinal);

    public string DatabasePath => _folder.File("central.db");

    /// <summary>The brand key the test lines sign codes with; central trusts its public half (<c>CodeSigning</c>).</summary>
    public static CodeSigningKey SigningKey { get; } = CodeSigningKey.Create(CodeKeyId.Parse("T1"));

    /// <summary>Signs a unit code with <see cref="SigningKey"/>, as a bracketed element string.</summary>
    public static string SignedCode(string gtin, string serial)
    {
        return new CodeSigner(SigningKey).Sign(ElementString.Parse($"(01){gtin}(21){serial}")).ToBracketed();
    }

    /// <summary>Lines that get a key (<see cref="LineKey"/>).</summary>
    public ISet<string> Lines { get; } = new HashSet<string>(StringComparer.Ordinal) { "line-1", "line-2", "line-a", "line-b" };

    /// <summary>Configuration on top of the test defaults (e.g. <c>RateLimiting:Public:PermitLimit</c>).</summary>
    public IDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);

    /// <summary>The app's clock, when a test sets one before the first client is made (e.g. a FakeTimeProvider).</summary>
    public TimeProvider? Time { get; set; }

    /// <summary>Configure no API keys at all (the quick start's state).</summary>
    public bool WithoutKeys { get; init; }

    /// <summary>Dealers that get a key (<see cref="DealerKeyFor"/>) besides <see cref="DealerId"/>.</summary>
    public ISet<string> Dealers { get; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>Inspectors that get a key (<see cref="InspectorKeyFor"/>) named by their id, besides <see cref="InspectorKey"/>.</summary>
    public ISet<string> Inspectors { get; } = new HashSet<string>(StringComparer.Ordinal);

    public static string InspectorKeyFor(string inspectorId) => $"inspector-key-{inspectorId}-0123456789";

    public static string LineKey(string lineId) => $"line-key-{lineId}-0123456789";

    public static string DealerKeyFor(string dealerId) => $"dealer-key-{dealerId}-0123456789";

    /// <summary>A LineSync client sending the key of <paramref name="lineId"/>.</summary>
    public LineSync.LineSyncClient Client(string lineId = "line-1") => new(Channel(LineKey(lineId)));

    /// <summary>A gRPC channel sending <paramref name="apiKey"/> in X-Api-Key (none when null).</summary>
    public GrpcChannel Channel(string? apiKey) => _channels.GetOrAdd(apiKey ?? "", key =>
    {
        var http = new HttpClient(Server.CreateHandler()) { BaseAddress = Server.BaseAddress };
        if (key.Length > 0)
        {
            http.DefaultRequestHeaders.Add("X-Api-Key", key);
        }

        return GrpcChannel.ForAddress(Server.BaseAddress, new GrpcChannelOptions { HttpClient = http, DisposeHttpClient = true });
    });

    /// <summary>An HTTP client sending <paramref name="apiKey"/> in X-Api-Key (none when null).</summary>
    public HttpClient HttpClient(string? apiKey)
    {
        var http = CreateClient();
        if (apiKey is not null)
        {
            http.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        }

        return http;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Storage:Provider", "Sqlite");
        builder.UseSetting("Storage:ConnectionString", TestDatabases.Sqlite(DatabasePath));
        if (!WithoutKeys)
        {
            var keys = new List<(string Key, string Role, string? Id)>
            {
                (AdminKey, "Admin", null),
                (ServiceDeskKey, "ServiceDesk", null),
                (InspectorKey, "Inspector", null),
                (DealerKey, "Dealer", DealerId),
                (PartnerKey, "Partner", null),
            };
            keys.AddRange(Lines.Select(line => (LineKey(line), "Line", (string?)line)));
            keys.AddRange(Dealers.Select(dealer => (DealerKeyFor(dealer), "Dealer", (string?)dealer)));
            keys.AddRange(Inspectors.Select(inspector => (InspectorKeyFor(inspector), "Inspector", (string?)inspector)));
            for (var i = 0; i < keys.Count; i++)
            {
                var prefix = string.Create(CultureInfo.InvariantCulture, $"Auth:ApiKeys:{i}:");
                builder.UseSetting(prefix + "Key", keys[i].Key);
                builder.UseSetting(prefix + "Role", keys[i].Role);
                builder.UseSetting(prefix + "Id", keys[i].Id);
            }
        }

        using (var publicKey = SigningKey.ToVerificationKey())
        {
            builder.UseSetting("CodeSigning:VerificationKeys:0:KeyId", publicKey.KeyId.Value);
            builder.UseSetting("CodeSigning:VerificationKeys:0:PublicKeyPem", publicKey.ExportSubjectPublicKeyInfoPem());
        }

        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }

        if (Time is { } time)
        {
            builder.ConfigureTestServices(services => services.AddSingleton(time));
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            foreach (var channel in _channels.Values)
            {
                channel.Dispose();
            }
        }

        base.Dispose(disposing);
        if (disposing)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            _folder.Dispose();
        }
    }
}
