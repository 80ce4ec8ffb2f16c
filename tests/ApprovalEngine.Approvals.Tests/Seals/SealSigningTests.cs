using System.Text;
using ApprovalEngine.Approvals.Seals;

namespace ApprovalEngine.Approvals.Tests.Seals;

public sealed class SealSigningTests
{
    private static readonly byte[] Content = Encoding.UTF8.GetBytes("""{"decision":"approved","opinions":["同意"]}""");

    private static SealSignature SignContent(SealProfile profile, byte[]? content = null) =>
        SealTestKeys.Protector.Sign(SealTestKeys.For(profile).PrivateKey, content ?? Content, SealTestKeys.SignedAt, "bureau-seal");

    private static bool VerifyContent(SealProfile profile, SealSignature signature, byte[]? content = null) =>
        SealVerifier.Verify(SealTestKeys.For(profile).PublicKey, profile, signature, content ?? Content);

    [Theory]
    [InlineData(SealProfile.EcdsaP256, "ECDSA-P256-SHA256")]
    [InlineData(SealProfile.Sm2, "SM2-with-SM3")]
    public void Sign_ThenVerify_RoundTrips(SealProfile profile, string algorithm)
    {
        var signature = SignContent(profile);

        Assert.True(VerifyContent(profile, signature));
        Assert.Equal("bureau-seal", signature.SealId);
        Assert.Equal(profile, signature.Profile);
        Assert.Equal(algorithm, signature.Algorithm);
        Assert.Equal(SealTestKeys.SignedAt, signature.SignedAt);
        Assert.Matches("^[0-9a-f]{64}$", signature.ContentHash);
    }

    [Fact]
    public void Sign_ContentHash_IsSha256ForEcdsaAndSm3ForSm2()
    {
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Content)), SignContent(SealProfile.EcdsaP256).ContentHash);
        Assert.Equal(Sm3Hex(Content), SignContent(SealProfile.Sm2).ContentHash);
        // GB/T 32905 example 1: SM3("abc").
        Assert.Equal("66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0", Sm3Hex("abc"u8.ToArray()));
    }

    [Fact]
    public void Sign_SubSecondLocalTime_IsStoredAsWholeUtcSeconds()
    {
        var local = new DateTimeOffset(2025, 3, 1, 16, 0, 0, 789, TimeSpan.FromHours(8));

        var signature = SealTestKeys.Protector.Sign(SealTestKeys.For(SealProfile.Sm2).PrivateKey, Content, local, "bureau-seal");

        Assert.Equal(SealTestKeys.SignedAt, signature.SignedAt);
        Assert.Equal(TimeSpan.Zero, signature.SignedAt.Offset);
        Assert.True(VerifyContent(SealProfile.Sm2, signature));
    }

    [Theory]
    [InlineData(SealProfile.EcdsaP256)]
    [InlineData(SealProfile.Sm2)]
    public void Verify_AnySingleContentByteFlipped_Fails(SealProfile profile)
    {
        var signature = SignContent(profile);

        for (int i = 0; i < Content.Length; i++)
        {
            var tampered = (byte[])Content.Clone();
            tampered[i] ^= 0x01;
            Assert.False(VerifyContent(profile, signature, tampered), $"content byte {i}");
        }
        Assert.False(VerifyContent(profile, signature, [.. Content, (byte)' ']));
    }

    [Theory]
    [InlineData(SealProfile.EcdsaP256)]
    [InlineData(SealProfile.Sm2)]
    public void Verify_AnySingleSignatureByteFlipped_Fails(SealProfile profile)
    {
        var signature = SignContent(profile);
        var bytes = Convert.FromBase64String(signature.Signature);

        for (int i = 0; i < bytes.Length; i++)
        {
            foreach (var mask in new byte[] { 0x01, 0x80, 0xff })
            {
                var tampered = (byte[])bytes.Clone();
                tampered[i] ^= mask;
                Assert.False(VerifyContent(profile, signature with { Signature = Convert.ToBase64String(tampered) }),
                    $"signature byte {i} ^ {mask:x2}");
            }
        }
    }

    [Theory]
    [InlineData(SealProfile.EcdsaP256)]
    [InlineData(SealProfile.Sm2)]
    public void Verify_AnySignedFieldChanged_Fails(SealProfile profile)
    {
        var signature = SignContent(profile);
        var other = profile == SealProfile.Sm2 ? SealProfile.EcdsaP256 : SealProfile.Sm2;

        Assert.False(VerifyContent(profile, signature with { SealId = "bureau-seal-2" }));
        Assert.False(VerifyContent(profile, signature with { SignedAt = signature.SignedAt.AddSeconds(1) }));
        Assert.False(VerifyContent(profile, signature with { SignedAt = signature.SignedAt.AddMilliseconds(1) }));
        Assert.False(VerifyContent(profile, signature with { ContentHash = new string('0', 64) }));
        Assert.False(VerifyContent(profile, signature with { Algorithm = other.AlgorithmName() }));
        Assert.False(VerifyContent(profile, signature with { Profile = other }));
        Assert.False(VerifyContent(profile, signature with { Signature = "not base64!" }));
        Assert.False(VerifyContent(profile, signature with { Signature = "" }));
    }

    [Theory]
    [InlineData(SealProfile.EcdsaP256)]
    [InlineData(SealProfile.Sm2)]
    public void Verify_OtherKeyOfSameProfile_Fails(SealProfile profile)
    {
        var signature = SignContent(profile);
        var otherKey = SealTestKeys.Protector.Generate(profile);

        Assert.False(SealVerifier.Verify(otherKey.PublicKey, profile, signature, Content));
    }

    [Fact]
    public void Verify_PublicKeyOfOtherCurve_ThrowsArgumentException()
    {
        var signature = SignContent(SealProfile.Sm2);

        var ex = Assert.Throws<ArgumentException>(() =>
            SealVerifier.Verify(SealTestKeys.For(SealProfile.EcdsaP256).PublicKey, SealProfile.Sm2, signature, Content));
        Assert.Contains("sm2p256v1", ex.Message);
        ex = Assert.Throws<ArgumentException>(() =>
            SealVerifier.Verify(SealTestKeys.For(SealProfile.Sm2).PublicKey, SealProfile.EcdsaP256, signature, Content));
        Assert.Contains("P-256", ex.Message);
        Assert.Throws<ArgumentException>(() => SealVerifier.Verify("AAAA", SealProfile.Sm2, signature, Content));
        Assert.Throws<ArgumentException>(() => SealVerifier.Verify("%%%", SealProfile.EcdsaP256, signature, Content));
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void Sign_BlankSealId_Throws(string sealId) =>
        Assert.ThrowsAny<ArgumentException>(() =>
            SealTestKeys.Protector.Sign(SealTestKeys.For(SealProfile.Sm2).PrivateKey, Content, SealTestKeys.SignedAt, sealId));

    // Signatures made once and frozen here: if the signed byte layout ever changes, every stored seal would stop
    // verifying, and these fail first.
    [Theory]
    [InlineData(SealProfile.EcdsaP256,
        "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEpBOnGnIFi0tJj9Q1NmIRwevwgEFyBAiAIBPxxp//9BebUGa0OtYiqXZVb3Fr5eArpI1MC/zJWzOmudthKPbZNA==",
        "2e4f783b443fdfab492691bbe74030e320846dedf142310853894541d57a2f10",
        "MEUCIQC1HSs34+mDw+nEF2Ks0Z4ialYRvVHDkFSlnwCib9O+XQIge2jEc224lWju15wRd5YEYDMCgCjiClXbTdtBjCDQbbM=")]
    [InlineData(SealProfile.Sm2,
        "MFkwEwYHKoZIzj0CAQYIKoEcz1UBgi0DQgAE1l4PpsbewIyNFFc8hP9ClF7JgETxeo/ExI3XYipPh+jZrHnW+4U5OciPCgUBlySrOh8oFpQapqmulAYNzNbUag==",
        "0027aa6b083ccb8c224fe4f36c3d48514838a010e06d16c91f6952b34b6cfb85",
        "MEQCIGM+HexOzh3DbzBSR5KDJ/yPpsh0xmrYzm5J0JpBY8usAiAWWexlnik9/lDKfFvfe1n8utdry/7NKh83FwZf/bXp1g==")]
    public void Verify_FrozenSignature_StillVerifies(SealProfile profile, string publicKey, string contentHash, string signatureBase64)
    {
        var content = Encoding.UTF8.GetBytes("golden content");
        var signature = new SealSignature("bureau-seal", profile, profile.AlgorithmName(), contentHash, SealTestKeys.SignedAt, signatureBase64);

        Assert.True(SealVerifier.Verify(publicKey, profile, signature, content));
        Assert.False(SealVerifier.Verify(publicKey, profile, signature, Encoding.UTF8.GetBytes("golden content!")));
    }

    internal static string Sm3Hex(byte[] data)
    {
        var sm3 = new Org.BouncyCastle.Crypto.Digests.SM3Digest();
        sm3.BlockUpdate(data, 0, data.Length);
        var hash = new byte[32];
        sm3.DoFinal(hash, 0);
        return Convert.ToHexStringLower(hash);
    }
}
