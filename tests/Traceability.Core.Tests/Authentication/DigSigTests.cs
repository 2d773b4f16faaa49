using System.Security.Cryptography;
using CsCheck;
using Traceability.Core.Authentication;

namespace Traceability.Core.Tests.Authentication;

public sealed class DigSigTests : IDisposable
{
    private const string Text = "(01)09506000134352(10)ABC123(17)271231(21)SN0001";

    private readonly CodeSigningKey _brandKey = CodeSigningKey.Create(CodeKeyId.Parse("K1"));
    private readonly KeyRing _ring = new();

    public DigSigTests()
    {
        using var publicKey = _brandKey.ToVerificationKey();
        _ring.Add(publicKey);
    }

    public void Dispose()
    {
        _brandKey.Dispose();
        _ring.Dispose();
    }

    private string Sign(string text) => new CodeSigner(_brandKey).Sign(text);

    private VerificationResult Verify(string text, string value) => new CodeVerifier(_ring).Verify(text, value);

    [Fact]
    public void A_signed_text_verifies()
    {
        var value = Sign(Text);
        var result = Verify(Text, value);
        Assert.Equal(VerificationStatus.Valid, result.Status);
        Assert.True(result.IsValid);
        Assert.Equal(CodeKeyId.Parse("K1"), result.KeyId);
        Assert.Null(result.Reason);
    }

    [Fact]
    public void The_value_is_at_most_90_base64url_characters_and_starts_with_the_key_id()
    {
        foreach (var id in new[] { "A", "K1", "k-_" })
        {
            using var key = CodeSigningKey.Create(CodeKeyId.Parse(id));
            var value = new CodeSigner(key).Sign(Text);
            Assert.Equal(1 + id.Length + 86, value.Length);
            Assert.True(value.Length <= 90);
            Assert.All(value, c => Assert.True(DigSigFormat.IsBase64UrlChar(c), $"'{c}'"));
            Assert.StartsWith(id.Length + id, value, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Any_ascii_text_round_trips()
    {
        Gen.String[Gen.Char['\0', '\x7F'], 0, 300].Sample(text =>
        {
            var value = Sign(text);
            return Verify(text, value).IsValid && value.Length == 89;
        }, iter: 200);
    }

    [Fact]
    public void A_one_character_change_in_the_text_fails()
    {
        var value = Sign(Text);
        for (var i = 0; i < Text.Length; i++)
        {
            var changed = Text[..i] + (char)(Text[i] ^ 1) + Text[(i + 1)..];
            Assert.Equal(VerificationStatus.SignatureMismatch, Verify(changed, value).Status);
        }

        Assert.Equal(VerificationStatus.SignatureMismatch, Verify(Text + "1", value).Status);
        Assert.Equal(VerificationStatus.SignatureMismatch, Verify(Text[..^1], value).Status);
    }

    [Fact]
    public void A_tampered_signature_fails()
    {
        var value = Sign(Text);
        // Every signature character but the last (whose low bits must stay zero) is swapped for another base64url character.
        for (var i = 3; i < value.Length - 1; i++)
        {
            var swapped = value[i] == 'A' ? 'B' : 'A';
            var tampered = value[..i] + swapped + value[(i + 1)..];
            var result = Verify(Text, tampered);
            Assert.Equal(VerificationStatus.SignatureMismatch, result.Status);
            Assert.Contains("K1", result.Reason, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_signature_from_another_key_under_the_same_id_fails()
    {
        using var impostor = CodeSigningKey.Create(CodeKeyId.Parse("K1"));
        var forged = new CodeSigner(impostor).Sign(Text);
        Assert.Equal(VerificationStatus.SignatureMismatch, Verify(Text, forged).Status);
    }

    [Fact]
    public void An_unknown_key_id_is_reported_as_such()
    {
        using var other = CodeSigningKey.Create(CodeKeyId.Parse("Z9"));
        var result = Verify(Text, new CodeSigner(other).Sign(Text));
        Assert.Equal(VerificationStatus.UnknownKey, result.Status);
        Assert.Equal(CodeKeyId.Parse("Z9"), result.KeyId);
        Assert.Contains("\"Z9\"", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_value_is_malformed()
    {
        var result = Verify(Text, "");
        Assert.Equal(VerificationStatus.Malformed, result.Status);
        Assert.StartsWith("empty value", result.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(10, '+')]
    [InlineData(10, '/')]
    [InlineData(10, '=')]
    [InlineData(1, '.')]
    [InlineData(89, ' ')]
    public void A_non_base64url_character_is_malformed_at_its_position(int position, char bad)
    {
        var value = Sign(Text);
        var broken = value[..(position - 1)] + bad + value[position..];
        var result = Verify(Text, broken);
        Assert.Equal(VerificationStatus.Malformed, result.Status);
        Assert.StartsWith($"position {position}: ", result.Reason, StringComparison.Ordinal);
        Assert.Contains("not a base64url character", result.Reason, StringComparison.Ordinal);
        Assert.Null(result.KeyId);
    }

    [Theory]
    [InlineData('0')]
    [InlineData('4')]
    [InlineData('A')]
    public void A_bad_key_id_length_is_malformed(char length)
    {
        var value = length + Sign(Text)[1..];
        var result = Verify(Text, value);
        Assert.Equal(VerificationStatus.Malformed, result.Status);
        Assert.Equal($"position 1: key-id length '{length}' must be 1, 2 or 3.", result.Reason);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(1)]
    [InlineData(-40)]
    public void A_wrong_length_is_malformed(int delta)
    {
        var value = Sign(Text);
        var wrong = delta < 0 ? value[..(value.Length + delta)] : value + new string('A', delta);
        var result = Verify(Text, wrong);
        Assert.Equal(VerificationStatus.Malformed, result.Status);
        Assert.StartsWith($"wrong length: {wrong.Length} characters, but a key id of 2 needs exactly 89", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_non_canonical_last_character_is_malformed()
    {
        var value = Sign(Text);
        // The last character carries 4 signature bits and 4 unused bits; flipping an unused bit keeps the bytes the same.
        var last = value[^1];
        var alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        var sloppy = value[..^1] + alphabet[alphabet.IndexOf(last, StringComparison.Ordinal) | 1];
        var result = Verify(Text, sloppy);
        Assert.Equal(VerificationStatus.Malformed, result.Status);
        Assert.Contains("non-canonical", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Non_ascii_text_is_refused_by_the_signer_and_malformed_for_the_verifier()
    {
        var ex = Assert.Throws<ArgumentException>(() => Sign("(21)Ü1"));
        Assert.Contains("position 5", ex.Message, StringComparison.Ordinal);
        var result = Verify("(21)Ü1", Sign("(21)U1"));
        Assert.Equal(VerificationStatus.Malformed, result.Status);
        Assert.Contains("canonical text position 5", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void After_rotation_the_old_key_still_verifies_until_it_is_removed()
    {
        var oldValue = Sign(Text);
        using var newKey = CodeSigningKey.Create(CodeKeyId.Parse("K2"));
        using (var newPublic = newKey.ToVerificationKey())
        {
            _ring.Add(newPublic);
        }

        var newValue = new CodeSigner(newKey).Sign(Text);
        Assert.True(Verify(Text, oldValue).IsValid);
        Assert.True(Verify(Text, newValue).IsValid);
        Assert.Equal([CodeKeyId.Parse("K1"), CodeKeyId.Parse("K2")], _ring.KeyIds);

        Assert.True(_ring.Remove(CodeKeyId.Parse("K1")));
        Assert.False(_ring.Remove(CodeKeyId.Parse("K1")));
        Assert.Equal(VerificationStatus.UnknownKey, Verify(Text, oldValue).Status);
        Assert.True(Verify(Text, newValue).IsValid);
    }

    [Fact]
    public void Adding_a_second_key_under_the_same_id_is_refused()
    {
        using var other = CodeSigningKey.Create(CodeKeyId.Parse("K1"));
        using var otherPublic = other.ToVerificationKey();
        var ex = Assert.Throws<ArgumentException>(() => _ring.Add(otherPublic));
        Assert.Contains("\"K1\" is already in the key ring", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_ring_keeps_its_own_copy_of_an_added_key()
    {
        using var ring = new KeyRing();
        using (var publicKey = _brandKey.ToVerificationKey())
        {
            ring.Add(publicKey);
        }

        Assert.True(new CodeVerifier(ring).Verify(Text, Sign(Text)).IsValid);
    }

    [Fact]
    public void Private_key_PEM_round_trips()
    {
        var pem = _brandKey.ExportPkcs8Pem();
        Assert.StartsWith("-----BEGIN PRIVATE KEY-----", pem, StringComparison.Ordinal);
        using var imported = CodeSigningKey.ImportPkcs8Pem(CodeKeyId.Parse("K1"), pem);
        Assert.True(Verify(Text, new CodeSigner(imported).Sign(Text)).IsValid);
        using var fromDer = CodeSigningKey.ImportPkcs8(CodeKeyId.Parse("K1"), _brandKey.ExportPkcs8());
        Assert.True(Verify(Text, new CodeSigner(fromDer).Sign(Text)).IsValid);
    }

    [Fact]
    public void Public_key_PEM_round_trips()
    {
        using var publicKey = _brandKey.ToVerificationKey();
        var pem = publicKey.ExportSubjectPublicKeyInfoPem();
        Assert.StartsWith("-----BEGIN PUBLIC KEY-----", pem, StringComparison.Ordinal);
        using var imported = CodeVerificationKey.ImportSubjectPublicKeyInfoPem(CodeKeyId.Parse("P"), pem);
        Assert.Equal(pem, imported.ExportSubjectPublicKeyInfoPem());
        using var ring = new KeyRing();
        ring.Add(imported);
        using var signer = CodeSigningKey.ImportPkcs8(CodeKeyId.Parse("P"), _brandKey.ExportPkcs8());
        Assert.True(new CodeVerifier(ring).Verify(Text, new CodeSigner(signer).Sign(Text)).IsValid);
    }

    [Fact]
    public void A_key_on_another_curve_is_refused()
    {
        using var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        var ex = Assert.Throws<CryptographicException>(() => CodeVerificationKey.ImportSubjectPublicKeyInfoPem(CodeKeyId.Parse("X"), p384.ExportSubjectPublicKeyInfoPem()));
        Assert.Contains("P-256 only", ex.Message, StringComparison.Ordinal);
        Assert.Throws<CryptographicException>(() => CodeSigningKey.ImportPkcs8(CodeKeyId.Parse("X"), p384.ExportPkcs8PrivateKey()));
    }

    [Fact]
    public void Bytes_after_the_DER_key_are_refused_and_counted()
    {
        using var publicKey = _brandKey.ToVerificationKey();
        var spki = Refused(() => CodeVerificationKey.ImportSubjectPublicKeyInfo(CodeKeyId.Parse("K1"), [.. publicKey.ExportSubjectPublicKeyInfo(), 0, 0]));
        Assert.Equal("Verification key K1: 2 bytes follow the SubjectPublicKeyInfo structure.", spki.Message);
        var pkcs8 = Refused(() => CodeSigningKey.ImportPkcs8(CodeKeyId.Parse("K1"), [.. _brandKey.ExportPkcs8(), 0]));
        Assert.Equal("Signing key K1: 1 bytes follow the PKCS#8 structure.", pkcs8.Message);

        static CryptographicException Refused(Action import) => Assert.Throws<CryptographicException>(import);
    }

    [Fact]
    public void A_private_key_PEM_is_not_accepted_as_a_public_key()
    {
        var ex = Assert.Throws<ArgumentException>(() => CodeVerificationKey.ImportSubjectPublicKeyInfoPem(CodeKeyId.Parse("K1"), _brandKey.ExportPkcs8Pem()));
        Assert.Contains("\"PRIVATE KEY\"", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("ABCD")]
    [InlineData("K.")]
    [InlineData("K+")]
    public void Malformed_key_ids_are_refused_with_a_reason(string text)
    {
        Assert.False(CodeKeyId.TryParse(text, out _, out var reason));
        Assert.Contains($"\"{text}\"", reason, StringComparison.Ordinal);
        Assert.Throws<FormatException>(() => CodeKeyId.Parse(text));
    }

    [Fact]
    public void A_disposed_signing_key_cannot_sign()
    {
        var key = CodeSigningKey.Create(CodeKeyId.Parse("D"));
        var signer = new CodeSigner(key);
        key.Dispose();
        key.Dispose();
        Assert.Throws<ObjectDisposedException>(() => signer.Sign(Text));
    }

    [Fact]
    public async Task Verification_runs_on_many_threads_while_keys_rotate()
    {
        var value = Sign(Text);
        using var extra = CodeSigningKey.Create(CodeKeyId.Parse("R"));
        using var extraPublic = extra.ToVerificationKey();
        var results = new VerificationStatus[2000];
        var rotation = Task.Run(() =>
        {
            for (var i = 0; i < 50; i++)
            {
                _ring.Add(extraPublic);
                _ring.Remove(extraPublic.KeyId);
            }
        });
        Parallel.For(0, results.Length, i => results[i] = Verify(Text, value).Status);
        await rotation;
        Assert.All(results, s => Assert.Equal(VerificationStatus.Valid, s));
    }
}
