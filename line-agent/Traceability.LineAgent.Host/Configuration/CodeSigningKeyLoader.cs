using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Traceability.Core.Authentication;

namespace Traceability.LineAgent.Host.Configuration;

/// <summary>Reads the configured signing key; the validator and the registration share it so start-up fails with the reason.</summary>
internal static class CodeSigningKeyLoader
{
    public static bool TryLoad(CodeSigningOptions options, string contentRoot, [NotNullWhen(true)] out CodeSigningKey? key, [NotNullWhen(false)] out string? problem)
    {
        key = null;
        if (!CodeKeyId.TryParse(options.KeyId, out var keyId, out var reason))
        {
            problem = $"{CodeSigningOptions.SectionName}:KeyId '{options.KeyId}': {reason}";
            return false;
        }

        if (string.IsNullOrWhiteSpace(options.PrivateKeyFile))
        {
            problem = $"{CodeSigningOptions.SectionName}:PrivateKeyFile is required with {CodeSigningOptions.SectionName}:KeyId.";
            return false;
        }

        var path = Path.GetFullPath(options.PrivateKeyFile, contentRoot);
        if (!File.Exists(path))
        {
            problem = $"{CodeSigningOptions.SectionName}:PrivateKeyFile '{path}' does not exist.";
            return false;
        }

        try
        {
            key = CodeSigningKey.ImportPkcs8Pem(keyId, File.ReadAllText(path));
            problem = null;
            return true;
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            problem = $"{CodeSigningOptions.SectionName}:PrivateKeyFile '{path}' is not a P-256 private key in PKCS#8 PEM: {e.Message}";
            return false;
        }
    }
}

/// <summary>Either no key at all, or a key id with a readable P-256 private key.</summary>
internal sealed class CodeSigningOptionsValidator(IHostEnvironment environment) : IValidateOptions<CodeSigningOptions>
{
    public ValidateOptionsResult Validate(string? name, CodeSigningOptions options)
    {
        if (!options.IsConfigured)
        {
            return ValidateOptionsResult.Success;
        }

        if (!CodeSigningKeyLoader.TryLoad(options, environment.ContentRootPath, out var key, out var problem))
        {
            return ValidateOptionsResult.Fail(problem);
        }

        key.Dispose();
        return ValidateOptionsResult.Success;
    }
}
