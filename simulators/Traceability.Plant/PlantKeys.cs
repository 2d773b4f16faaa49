using Traceability.Core.Authentication;

namespace Traceability.Plant;

/// <summary>
/// The plant's brand key (DigSig, AI 8030), kept in the data folder so codes printed by one run still verify at central
/// in the next: <c>keys/brand-K1.key.pem</c> (PKCS#8, the line signs with it) and <c>keys/brand-K1.pub.pem</c> (central
/// trusts it). Made on the first run.
/// </summary>
internal sealed record PlantKeys(string KeyId, string PrivateKeyFile, string PublicKeyFile)
{
    public const string BrandKeyId = "K1";

    public static PlantKeys Ensure(string dataDirectory)
    {
        var folder = Path.Combine(dataDirectory, "keys");
        var keys = new PlantKeys(
            BrandKeyId,
            Path.Combine(folder, $"brand-{BrandKeyId}.key.pem"),
            Path.Combine(folder, $"brand-{BrandKeyId}.pub.pem"));
        if (File.Exists(keys.PrivateKeyFile) && File.Exists(keys.PublicKeyFile))
        {
            return keys;
        }

        Directory.CreateDirectory(folder);
        using var key = File.Exists(keys.PrivateKeyFile)
            ? CodeSigningKey.ImportPkcs8Pem(CodeKeyId.Parse(BrandKeyId), File.ReadAllText(keys.PrivateKeyFile))
            : CodeSigningKey.Create(CodeKeyId.Parse(BrandKeyId));
        if (!File.Exists(keys.PrivateKeyFile))
        {
            File.WriteAllText(keys.PrivateKeyFile, key.ExportPkcs8Pem());
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(keys.PrivateKeyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
        }

        using var publicKey = key.ToVerificationKey();
        File.WriteAllText(keys.PublicKeyFile, publicKey.ExportSubjectPublicKeyInfoPem());
        return keys;
    }
}
