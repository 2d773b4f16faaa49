using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.DependencyInjection;
using Traceability.Core.Authentication;
using Traceability.Core.Gs1;
using Traceability.Testing;

namespace Traceability.LineAgent.Host.Tests;

public sealed class HostStartupTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void A_printer_port_out_of_range_stops_the_agent_at_start_naming_the_key()
    {
        using var agent = new Agent(_dir.File("line.db"), printer: "tcp://127.0.0.1:70000");
        var e = Assert.ThrowsAny<OptionsValidationException>(() => agent.Server);
        Assert.Contains("Printer:Endpoint", e.Message, StringComparison.Ordinal);
        Assert.Contains("70000", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_valid_configuration_starts_and_serves_health()
    {
        using var agent = new Agent(_dir.File("line.db"), printer: "tcp://127.0.0.1:9");
        using var http = agent.CreateClient();
        var body = await http.GetStringAsync(new Uri("/healthz", UriKind.Relative));
        Assert.Contains("\"lineId\":\"line-7\"", body, StringComparison.Ordinal);
    }

    [Fact]
    public void A_configured_code_signing_key_signs_codes_that_its_public_half_verifies()
    {
        using var brand = CodeSigningKey.Create(CodeKeyId.Parse("L7"));
        File.WriteAllText(_dir.File("brand.pem"), brand.ExportPkcs8Pem());
        using var agent = new Agent(_dir.File("line.db"), printer: "tcp://127.0.0.1:9")
        {
            Settings = { ["CodeSigning:KeyId"] = "L7", ["CodeSigning:PrivateKeyFile"] = _dir.File("brand.pem") },
        };

        var signer = agent.Services.GetRequiredService<CodeSigner>();
        var signed = signer.Sign(ElementString.Parse("(01)09506000134352(21)A1"));

        using var ring = new KeyRing();
        using var publicKey = brand.ToVerificationKey();
        ring.Add(publicKey);
        Assert.True(new CodeVerifier(ring).Verify(signed).IsValid);
    }

    [Theory]
    [InlineData("L7", "missing.pem", "CodeSigning:PrivateKeyFile", "does not exist")]
    [InlineData("toolong", "brand.pem", "CodeSigning:KeyId 'toolong'", "")]
    [InlineData("L7", "garbage.pem", "CodeSigning:PrivateKeyFile", "is not a P-256 private key")]
    [InlineData("L7", "", "CodeSigning:PrivateKeyFile is required", "")]
    public void A_bad_code_signing_key_stops_the_agent_at_start_naming_the_key(string keyId, string file, string expected, string alsoExpected)
    {
        using var brand = CodeSigningKey.Create(CodeKeyId.Parse("L7"));
        File.WriteAllText(_dir.File("brand.pem"), brand.ExportPkcs8Pem());
        File.WriteAllText(_dir.File("garbage.pem"), "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
        using var agent = new Agent(_dir.File("line.db"), printer: "tcp://127.0.0.1:9")
        {
            Settings = { ["CodeSigning:KeyId"] = keyId, ["CodeSigning:PrivateKeyFile"] = file.Length == 0 ? "" : _dir.File(file) },
        };

        var e = Assert.ThrowsAny<Exception>(() => agent.Server);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.Contains(alsoExpected, e.Message, StringComparison.Ordinal);
    }

    private sealed class Agent(string storePath, string printer) : WebApplicationFactory<Program>
    {
        public Dictionary<string, string> Settings { get; } = [];

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            foreach (var (key, value) in Settings)
            {
                builder.UseSetting(key, value);
            }

            builder.UseSetting("LineStore:Path", storePath);
            builder.UseSetting("LineStore:LineId", "line-7");
            builder.UseSetting("Printer:Endpoint", printer);
            builder.UseSetting("CodeReader:Endpoint", "tcp://127.0.0.1:9");
            builder.UseSetting("Plc:Endpoint", "opc.tcp://127.0.0.1:9/UA/Plc");
            builder.UseSetting("Central:ApiKey", "line-key-0123456789abcdef");
            builder.UseSetting("Hmi:EngineerPin", "2468");
            foreach (var kind in new[] { "Unit", "Case", "Pallet" })
            {
                builder.UseSetting($"Pipeline:{kind}Template", RepositoryPaths.Combine("label-templates", "templates", kind.ToLowerInvariant() + ".json"));
            }
        }
    }
}
