using System.Security.Cryptography;
using ApprovalEngine.Approvals.Seals;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.GM;
using Org.BouncyCastle.Asn1.Nist;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Pkcs;
using Org.BouncyCastle.Security;

namespace ApprovalEngine.Approvals.Tests.Seals;

public sealed class SealKeyProtectorTests
{
    private static readonly byte[] Content = "content"u8.ToArray();

    [Theory]
    [InlineData("")]
    [InlineData("short")]
    [InlineData("0123456789012345678901234567890")] // 31 characters
    public void Constructor_SecretShorterThan32Characters_Throws(string secret)
    {
        var ex = Assert.Throws<ArgumentException>(() => new SealKeyProtector(secret));
        Assert.Contains("at least 32 characters", ex.Message);
        Assert.DoesNotContain(secret.Length > 0 ? secret : "\0", ex.Message);
    }

    [Fact]
    public void Constructor_NullSecret_Throws() => Assert.Throws<ArgumentNullException>(() => new SealKeyProtector(null!));

    [Fact]
    public void Constructor_Exactly32Characters_IsAccepted() => _ = new SealKeyProtector(new string('x', 32));

    [Fact]
    public void Generate_EcdsaP256_PublicKeyIsP256SubjectPublicKeyInfo()
    {
        var pair = SealTestKeys.For(SealProfile.EcdsaP256);

        var spki = SubjectPublicKeyInfo.GetInstance(Convert.FromBase64String(pair.PublicKey));
        Assert.Equal(X9ObjectIdentifiers.IdECPublicKey, spki.Algorithm.Algorithm);
        Assert.Equal(X9ObjectIdentifiers.Prime256v1, DerObjectIdentifier.GetInstance(spki.Algorithm.Parameters));
        Assert.Equal(SealProfile.EcdsaP256, pair.Profile);
    }

    [Fact]
    public void Generate_Sm2_PublicKeyIsSm2p256v1SubjectPublicKeyInfo()
    {
        var pair = SealTestKeys.For(SealProfile.Sm2);

        // GB/T 35276 / GM/T 0010 encoding: id-ecPublicKey with the named curve sm2p256v1 (1.2.156.10197.1.301).
        var spki = SubjectPublicKeyInfo.GetInstance(Convert.FromBase64String(pair.PublicKey));
        Assert.Equal(X9ObjectIdentifiers.IdECPublicKey, spki.Algorithm.Algorithm);
        Assert.Equal(GMObjectIdentifiers.sm2p256v1, DerObjectIdentifier.GetInstance(spki.Algorithm.Parameters));
        Assert.Equal(SealProfile.Sm2, pair.Profile);
    }

    [Theory]
    [InlineData(SealProfile.EcdsaP256)]
    [InlineData(SealProfile.Sm2)]
    public void Generate_ProtectedKey_IsPbes2WithPbkdf2HmacSha256AndAes256Cbc(SealProfile profile)
    {
        var blob = Convert.FromBase64String(SealTestKeys.For(profile).PrivateKey.EncryptedPrivateKey);

        var info = EncryptedPrivateKeyInfo.GetInstance(blob);
        Assert.Equal(PkcsObjectIdentifiers.IdPbeS2, info.EncryptionAlgorithm.Algorithm);
        var pbes2 = PbeS2Parameters.GetInstance(info.EncryptionAlgorithm.Parameters);
        Assert.Equal(NistObjectIdentifiers.IdAes256Cbc, pbes2.EncryptionScheme.Algorithm);
        Assert.Equal(PkcsObjectIdentifiers.IdPbkdf2, pbes2.KeyDerivationFunc.Algorithm);
        var pbkdf2 = Pbkdf2Params.GetInstance(pbes2.KeyDerivationFunc.Parameters);
        Assert.Equal(PkcsObjectIdentifiers.IdHmacWithSha256, pbkdf2.Prf.Algorithm);
        Assert.True(pbkdf2.IterationCount.IntValue >= 100_000);
        Assert.True(pbkdf2.GetSalt().Length >= 16);
    }

    [Theory]
    [InlineData(SealProfile.EcdsaP256)]
    [InlineData(SealProfile.Sm2)]
    public void Generate_ProtectedKey_DoesNotContainRawPrivateScalarOrPlainPkcs8(SealProfile profile)
    {
        var blob = Convert.FromBase64String(SealTestKeys.For(profile).PrivateKey.EncryptedPrivateKey);

        // Decrypt independently (BouncyCastle, for both profiles) to learn what must not be visible.
        var key = (ECPrivateKeyParameters)PrivateKeyFactory.DecryptKey(SealTestKeys.MasterSecret.ToCharArray(), blob);
        var scalar = key.D.ToByteArrayUnsigned();
        var plainPkcs8 = PrivateKeyInfoFactory.CreatePrivateKeyInfo(key).GetDerEncoded();

        Assert.InRange(scalar.Length, 30, 32); // unsigned big-endian, leading zero bytes dropped
        // Any 16-byte run of the scalar would be a leak, not just all of it.
        for (int i = 0; i + 16 <= scalar.Length; i++)
            Assert.False(Contains(blob, scalar.AsSpan(i, 16)), "blob leaks the private scalar");
        Assert.False(Contains(blob, plainPkcs8), "blob contains the plain PKCS#8");
        var publicKey = ((ECPublicKeyParameters)PublicKeyFactory.CreateKey(Convert.FromBase64String(SealTestKeys.For(profile).PublicKey))).Q;
        Assert.Equal(key.Parameters.G.Multiply(key.D).Normalize(), publicKey.Normalize());
    }

    [Fact]
    public void Generate_EcdsaBlob_OpensWithBclToo()
    {
        using var ecdsa = ECDsa.Create();
        ecdsa.ImportEncryptedPkcs8PrivateKey(SealTestKeys.MasterSecret,
            Convert.FromBase64String(SealTestKeys.For(SealProfile.EcdsaP256).PrivateKey.EncryptedPrivateKey), out _);

        Assert.Equal(256, ecdsa.KeySize);
    }

    [Theory]
    [InlineData(SealProfile.EcdsaP256)]
    [InlineData(SealProfile.Sm2)]
    public async Task Sign_ManyTimesWithOneKeyAtOnce_EverySignatureVerifiesForItsOwnContentAndNoneRepeats(SealProfile profile)
    {
        // SM2 signers are kept per key and reused: each must still hash its own message after Z, and draw a fresh k.
        var pair = SealTestKeys.For(profile);
        var signed = await Task.WhenAll(Enumerable.Range(0, 64).Select(i => Task.Run(() =>
        {
            var content = System.Text.Encoding.UTF8.GetBytes($"decision {i}");
            return (Content: content, Signature: SealTestKeys.Protector.Sign(pair.PrivateKey, content, SealTestKeys.SignedAt, "bureau-seal"));
        })));
        Assert.All(signed, s => Assert.True(SealVerifier.Verify(pair.PublicKey, profile, s.Signature, s.Content)));
        Assert.All(signed.Skip(1), s => Assert.False(SealVerifier.Verify(pair.PublicKey, profile, s.Signature, signed[0].Content)));
        Assert.Equal(signed.Length, signed.Select(s => s.Signature.Signature).Distinct().Count());
    }

    [Theory]
    [InlineData(SealProfile.EcdsaP256)]
    [InlineData(SealProfile.Sm2)]
    public void Sign_WrongMasterSecret_ThrowsClearCryptographicException(SealProfile profile)
    {
        var wrong = new SealKeyProtector(SealTestKeys.MasterSecret + "-but-not-quite");

        var ex = Assert.Throws<CryptographicException>(() =>
            wrong.Sign(SealTestKeys.For(profile).PrivateKey, Content, SealTestKeys.SignedAt, "bureau-seal"));
        Assert.Contains("cannot be decrypted: the master secret is wrong", ex.Message);
    }

    [Fact]
    public void Sign_Sm2ManyWrongSecrets_AlwaysThrowsCryptographicException()
    {
        // A wrong key sometimes passes the CBC padding check and fails later while parsing; callers must still
        // see one exception type.
        var key = SealTestKeys.For(SealProfile.Sm2).PrivateKey;
        for (int i = 0; i < 40; i++)
        {
            var wrong = new SealKeyProtector($"wrong-secret-{i:D4}-0123456789abcdefghij");
            Assert.Throws<CryptographicException>(() => wrong.Sign(key, Content, SealTestKeys.SignedAt, "s"));
        }
    }

    [Theory]
    [InlineData(SealProfile.EcdsaP256, SealProfile.Sm2)]
    [InlineData(SealProfile.Sm2, SealProfile.EcdsaP256)]
    public void Sign_KeyLabelledWithOtherProfile_Throws(SealProfile actual, SealProfile labelled)
    {
        var mislabelled = SealTestKeys.For(actual).PrivateKey with { Profile = labelled };

        var ex = Assert.Throws<CryptographicException>(() =>
            SealTestKeys.Protector.Sign(mislabelled, Content, SealTestKeys.SignedAt, "bureau-seal"));
        Assert.Contains($"not a key of seal profile '{labelled.ToApiName()}'", ex.Message);
    }

    [Fact]
    public void Sign_DamagedBlob_ThrowsCryptographicException()
    {
        var key = SealTestKeys.For(SealProfile.Sm2).PrivateKey;
        Assert.Throws<CryptographicException>(() =>
            SealTestKeys.Protector.Sign(key with { EncryptedPrivateKey = "not base64!" }, Content, SealTestKeys.SignedAt, "s"));
        Assert.Throws<CryptographicException>(() =>
            SealTestKeys.Protector.Sign(key with { EncryptedPrivateKey = "AAAA" }, Content, SealTestKeys.SignedAt, "s"));
    }

    // Blobs produced by an earlier run under the test master secret: keys stored today must open in later versions.
    [Theory]
    [InlineData(SealProfile.EcdsaP256,
        "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEpBOnGnIFi0tJj9Q1NmIRwevwgEFyBAiAIBPxxp//9BebUGa0OtYiqXZVb3Fr5eArpI1MC/zJWzOmudthKPbZNA==",
        "MIH1MGAGCSqGSIb3DQEFDTBTMDIGCSqGSIb3DQEFDDAlBBDPEvGg3GLyqihrL97z5KBWAgMBhqAwDAYIKoZIhvcNAgkFADAdBglghkgBZQMEASoEEETSgSHzzVGuJpY3Wweo07IEgZBgTw6ZHLS2GF3cw3ZDXE7ce5ntCgwE1OQI8Jrfw5/DY1ZnmyWJHrl4iiRfVrq33mViBdPQh6T/0ktZLH9B1ftUND3tPlKAMWcCvSri5acriQ6bSVuqP+I1huRDLqclJMum1sYmKos9KDvmViETRZTGEGJ1bLya9hnzAhFzkj8AG009/yOIub7za9iyii+qkjM=")]
    [InlineData(SealProfile.Sm2,
        "MFkwEwYHKoZIzj0CAQYIKoEcz1UBgi0DQgAE1l4PpsbewIyNFFc8hP9ClF7JgETxeo/ExI3XYipPh+jZrHnW+4U5OciPCgUBlySrOh8oFpQapqmulAYNzNbUag==",
        "MIIBBTBgBgkqhkiG9w0BBQ0wUzAyBgkqhkiG9w0BBQwwJQQQZbnVqbI0Qa0vgzxrX1qbJQIDAYagMAwGCCqGSIb3DQIJBQAwHQYJYIZIAWUDBAEqBBD/rhVWkUUNv57sFVGyaMjmBIGgz1TXGkv9S+2T34qJnWd3JJyMHNDfdPEFQDTQAuBnnjlXvng9ihliK4Weu+aGZ1Rr5V2w/lbVJ/w+NfBvNiIIaS5ZMSOaWfnmnZzWIH2FO/p4OulqqdZ5F8Zxresba+cTApHyDesACnUCDaRCHR+0rxVJKxqfTFsZQFUvi1S+NC/7XRuElc41XQHf5rkKk3Yv1m2+nI1yPVRAaWbMM+3juQ==")]
    public void Sign_FrozenProtectedKey_StillOpensAndSigns(SealProfile profile, string publicKey, string encryptedPrivateKey)
    {
        var signature = SealTestKeys.Protector.Sign(new SealKeyMaterial(profile, encryptedPrivateKey), Content, SealTestKeys.SignedAt, "bureau-seal");

        Assert.True(SealVerifier.Verify(publicKey, profile, signature, Content));
    }

    [Theory]
    [InlineData(SealProfile.EcdsaP256)]
    [InlineData(SealProfile.Sm2)]
    public void ToString_KeyRecords_ContainNoKeyMaterial(SealProfile profile)
    {
        var pair = SealTestKeys.For(profile);
        var blob = pair.PrivateKey.EncryptedPrivateKey;

        foreach (var text in new[] { pair.ToString(), pair.PrivateKey.ToString(), $"{pair}", $"{new { Key = pair.PrivateKey }}", $"{(pair, 1)}" })
        {
            // Any 12-character window of the blob would be a leak, not just the whole string.
            for (int i = 0; i + 12 <= blob.Length; i += 6)
                Assert.DoesNotContain(blob.Substring(i, 12), text);
            Assert.Contains("***", text);
        }
        Assert.Contains(pair.PublicKey, pair.ToString()); // the public key is public
        Assert.Contains(profile.ToString(), pair.PrivateKey.ToString());
    }

    [Fact]
    public void ToString_Protector_DoesNotContainMasterSecret() =>
        Assert.DoesNotContain(SealTestKeys.MasterSecret, SealTestKeys.Protector.ToString());

    [Fact]
    public void Generate_TwoCalls_GiveDifferentKeysAndSalts()
    {
        var a = SealTestKeys.Protector.Generate(SealProfile.Sm2);
        var b = SealTestKeys.Protector.Generate(SealProfile.Sm2);

        Assert.NotEqual(a.PublicKey, b.PublicKey);
        Assert.NotEqual(a.PrivateKey.EncryptedPrivateKey, b.PrivateKey.EncryptedPrivateKey);
    }

    private static bool Contains(ReadOnlySpan<byte> haystack, ReadOnlySpan<byte> needle) => haystack.IndexOf(needle) >= 0;
}
