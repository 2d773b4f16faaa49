using System.Security.Cryptography;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Traceability.Core.Authentication;

namespace Traceability.CentralApi.Codes;

/// <summary>Checks every configured key: a valid id, used once, and exactly one readable P-256 public key.</summary>
internal sealed class CodeSigningOptionsValidator(IHostEnvironment environment) : IValidateOptions<CodeSigningOptions>
{
    public ValidateOptionsResult Validate(string? name, CodeSigningOptions options)
    {
        var failures = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < options.VerificationKeys.Count; i++)
        {
            var entry = options.VerificationKeys[i];
            var key = $"{CodeSigningOptions.Section}:VerificationKeys:{i}";
            if (!CodeKeyId.TryParse(entry.KeyId, out var keyId, out var reason))
            {
                failures.Add($"{key}:KeyId '{entry.KeyId}': {reason}");
                continue;
            }

            if (!seen.Add(keyId.Value))
            {
                failures.Add($"{key}:KeyId '{keyId}' is configured twice.");
            }

            if (VerificationKeyLoader.TryLoad(entry, keyId, environment.ContentRootPath, out var loaded, out var problem))
            {
                loaded.Dispose();
            }
            else
            {
                failures.Add($"{key}: {problem}");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

/// <summary>Reads one configured public key from its PEM text or file.</summary>
internal static class VerificationKeyLoader
{
    public static bool TryLoad(
        VerificationKeyEntry entry, CodeKeyId keyId, string contentRoot,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out CodeVerificationKey? key,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? problem)
    {
        key = null;
        var hasPem = !string.IsNullOrWhiteSpace(entry.PublicKeyPem);
        var hasFile = !string.IsNullOrWhiteSpace(entry.PublicKeyFile);
        if (hasPem == hasFile)
        {
            problem = "set exactly one of PublicKeyPem and PublicKeyFile.";
            return false;
        }

        string pem;
        if (hasFile)
        {
            var path = Path.GetFullPath(entry.PublicKeyFile!, contentRoot);
            if (!File.Exists(path))
            {
                problem = $"PublicKeyFile '{path}' does not exist.";
                return false;
            }

            pem = File.ReadAllText(path);
        }
        else
        {
            pem = entry.PublicKeyPem!;
        }

        try
        {
            key = CodeVerificationKey.ImportSubjectPublicKeyInfoPem(keyId, pem);
            problem = null;
            return true;
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            problem = $"not a P-256 public key in PEM: {e.Message}";
            return false;
        }
    }
}
