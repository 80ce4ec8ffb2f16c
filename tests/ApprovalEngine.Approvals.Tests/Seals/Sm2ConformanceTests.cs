using System.Text;
using ApprovalEngine.Approvals.Seals;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.GM;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Math.EC;
using Org.BouncyCastle.Security;

namespace ApprovalEngine.Approvals.Tests.Seals;

/// <summary>
/// Shows the seals are plain standard signatures that any conforming SM2 / ECDSA implementation verifies, using
/// code paths written here rather than the library's.
/// </summary>
public sealed class Sm2ConformanceTests
{
    private static readonly byte[] Content = Encoding.UTF8.GetBytes("""{"number":"苏建许 2025-001"}""");

    // The signed message rebuilt by hand from the documented layout, not with the library's CanonicalJson.
    private static byte[] ExpectedMessage(SealSignature s) => Encoding.UTF8.GetBytes(
        $"{{\"algorithm\":\"{s.Algorithm}\",\"contentHash\":\"{s.ContentHash}\",\"sealId\":\"{s.SealId}\",\"signedAt\":\"2025-03-01T08:00:00Z\"}}");

    private static SealSignature Sign(SealProfile profile) =>
        SealTestKeys.Protector.Sign(SealTestKeys.For(profile).PrivateKey, Content, SealTestKeys.SignedAt, "bureau-seal");

    [Fact]
    public void Sm2Signature_IsDerSequenceOfTwoIntegersInRange()
    {
        var der = Convert.FromBase64String(Sign(SealProfile.Sm2).Signature);

        var sequence = Asn1Sequence.GetInstance(Asn1Object.FromByteArray(der));
        Assert.Equal(2, sequence.Count);
        var n = GMNamedCurves.GetByOid(GMObjectIdentifiers.sm2p256v1).N;
        foreach (var element in sequence)
        {
            var value = DerInteger.GetInstance(element).Value;
            Assert.True(value.SignValue > 0 && value.CompareTo(n) < 0, "r and s must be in [1, n-1]");
        }
        Assert.Equal(der, sequence.GetDerEncoded()); // strict DER, no BER leniency needed to read it
    }

    [Fact]
    public void Sm2Signature_VerifiesWithPlainSm2SignerAndDefaultUserId()
    {
        var signature = Sign(SealProfile.Sm2);
        Assert.Equal(SealSigningTests.Sm3Hex(Content), signature.ContentHash);
        var publicKey = PublicKeyFactory.CreateKey(Convert.FromBase64String(SealTestKeys.For(SealProfile.Sm2).PublicKey));
        var message = ExpectedMessage(signature);
        var der = Convert.FromBase64String(signature.Signature);

        // BouncyCastle's defaults (SM3, DER, user ID 1234567812345678), nothing configured.
        Assert.True(Verify(new SM2Signer(), publicKey, message, der));
        // The same with the GM/T 0009 default ID spelled out.
        Assert.True(Verify(new SM2Signer(), new ParametersWithID(publicKey, "1234567812345678"u8.ToArray()), message, der));
        // The ID is really part of Z_A: another one does not verify.
        Assert.False(Verify(new SM2Signer(), new ParametersWithID(publicKey, "ALICE123@YAHOO.COM"u8.ToArray()), message, der));
        // Nor does SM2 with a different digest, or the plain content instead of the envelope.
        Assert.False(Verify(new SM2Signer(new Sha256Digest()), publicKey, message, der));
        Assert.False(Verify(new SM2Signer(), publicKey, Content, der));
    }

    [Fact]
    public void EcdsaSignature_VerifiesWithBouncyCastleSha256WithEcdsa()
    {
        var signature = Sign(SealProfile.EcdsaP256);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Content)), signature.ContentHash);
        var publicKey = PublicKeyFactory.CreateKey(Convert.FromBase64String(SealTestKeys.For(SealProfile.EcdsaP256).PublicKey));

        var signer = SignerUtilities.GetSigner("SHA-256withECDSA");
        signer.Init(false, publicKey);
        var message = ExpectedMessage(signature);
        signer.BlockUpdate(message, 0, message.Length);

        Assert.True(signer.VerifySignature(Convert.FromBase64String(signature.Signature)));
    }

    // GB/T 32918.2-2016 (GM/T 0003.2) appendix A example: its test curve, ID "ALICE123@YAHOO.COM",
    // message "message digest", fixed d and k, published r and s. The signer is set up exactly as the library's
    // (StandardDsaEncoding, SM3Digest, ParametersWithID), so the setup reproduces the standard's numbers.
    [Fact]
    public void Sm2SignerSetup_StandardExample_ReproducesPublishedSignature()
    {
        var p = Hex("8542D69E4C044F18E8B92435BF6FF7DE457283915C45517D722EDB8B08F1DFC3");
        var a = Hex("787968B4FA32C3FD2417842E73BBFEFF2F3C848B6831D7E0EC65228B3937E498");
        var b = Hex("63E4C6D3B23B0C849CF84241484BFE48F61D59A5B16BA06E6E12D1DA27C5249A");
        var n = Hex("8542D69E4C044F18E8B92435BF6FF7DD297720630485628D5AE74EE7C32E79B7");
        var curve = new FpCurve(p, a, b, n, BigInteger.One);
        var g = curve.CreatePoint(
            Hex("421DEBD61B62EAB6746434EBC3CC315E32220B3BADD50BDC4C4E6C147FEDD43D"),
            Hex("0680512BCBB42C07D47349D2153B70C4E5D7FDFCBFA36EA1A85841B9E46E09A2"));
        var domain = new ECDomainParameters(curve, g, n, BigInteger.One);
        var d = Hex("128B2FA8BD433C6C068C8D803DFF79792A519A55171B1B650C23661D15897263");
        var privateKey = new ECPrivateKeyParameters(d, domain);
        var q = g.Multiply(d).Normalize();
        Assert.Equal(Hex("0AE4C7798AA0F119471BEE11825BE46202BB79E2A5844495E97C04FF4DF2548A"), q.AffineXCoord.ToBigInteger());
        Assert.Equal(Hex("7C0240F88F1CD4E16352A73C17B7F16F07353E53A176D684A9FE0C6BB798E857"), q.AffineYCoord.ToBigInteger());
        var id = "ALICE123@YAHOO.COM"u8.ToArray();
        var message = "message digest"u8.ToArray();

        var signer = new SM2Signer(StandardDsaEncoding.Instance, new SM3Digest());
        var k = Convert.FromHexString("6CB28D99385C175C94F94E934817663FC176D925DD72B727260DBAAE1FB2F96F");
        signer.Init(true, new ParametersWithID(new ParametersWithRandom(privateKey, new FixedRandom(k)), id));
        signer.BlockUpdate(message, 0, message.Length);
        var der = signer.GenerateSignature();

        var rs = Asn1Sequence.GetInstance(der);
        Assert.Equal(Hex("40F1EC59F793D9F49E09DCEF49130D4194F79FB1EED2CAA55BACDB49C4E755D1"), DerInteger.GetInstance(rs[0]).Value);
        Assert.Equal(Hex("6FC6DAC32C5D5CF10C77DFB20F7C2EB667A457872FB09EC56327A67EC7DEEBE7"), DerInteger.GetInstance(rs[1]).Value);
        Assert.True(Verify(new SM2Signer(StandardDsaEncoding.Instance, new SM3Digest()),
            new ParametersWithID(new ECPublicKeyParameters(q, domain), id), message, der));
    }

    private static bool Verify(SM2Signer signer, Org.BouncyCastle.Crypto.ICipherParameters key, byte[] message, byte[] der)
    {
        signer.Init(false, key);
        signer.BlockUpdate(message, 0, message.Length);
        return signer.VerifySignature(der);
    }

    private static BigInteger Hex(string hex) => new(hex, 16);

    /// <summary>Hands out fixed bytes as "randomness", so the nonce k of the standard's example can be injected.</summary>
    private sealed class FixedRandom(byte[] bytes) : SecureRandom
    {
        private int _position;

        public override void NextBytes(byte[] buffer) => NextBytes(buffer, 0, buffer.Length);

        public override void NextBytes(byte[] buffer, int start, int length) => NextBytes(buffer.AsSpan(start, length));

        public override void NextBytes(Span<byte> buffer)
        {
            if (_position + buffer.Length > bytes.Length)
                throw new InvalidOperationException("FixedRandom exhausted.");
            bytes.AsSpan(_position, buffer.Length).CopyTo(buffer);
            _position += buffer.Length;
        }
    }
}
