using System.Text;
using ApprovalEngine.Approvals.Certificates;
using ApprovalEngine.Approvals.Seals;

namespace ApprovalEngine.Approvals.Tests.Seals;

public sealed class CertificateVerifierTests
{
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);
    private static readonly DateTimeOffset Now = new(2025, 6, 1, 10, 0, 0, Beijing);

    private static readonly ElectronicCertificate Unsealed = new(
        Number: "苏建许 320100202503010001",
        Holder: "南京某某制造有限公司",
        Matter: "建筑工程施工许可",
        Scope: "新建厂房 1 号楼，建筑面积 12000 平方米",
        ValidFrom: new DateOnly(2025, 3, 1),
        ValidUntil: new DateOnly(2026, 2, 28),
        IssuingAuthority: "南京市行政审批局",
        IssuedAt: new DateTimeOffset(2025, 3, 1, 16, 0, 0, Beijing),
        VerificationUrl: "https://approvals.example.gov.cn/verify/320100202503010001");

    private static ElectronicCertificate Sealed(SealProfile profile = SealProfile.Sm2) =>
        CertificateSealer.Seal(SealTestKeys.Protector, SealTestKeys.For(profile).PrivateKey, Unsealed, "bureau-seal", SealTestKeys.SignedAt);

    private static VerificationResult Verify(ElectronicCertificate cert, SealInfo? seal, DateTimeOffset? now = null) =>
        CertificateVerifier.Verify(cert, seal is null ? SealTestKeys.Registry() : SealTestKeys.Registry(seal), now ?? Now);

    [Theory]
    [InlineData(SealProfile.EcdsaP256)]
    [InlineData(SealProfile.Sm2)]
    public void Verify_FreshlySealed_IsValid(SealProfile profile)
    {
        var result = Verify(Sealed(profile), SealTestKeys.Info(profile));

        Assert.Equal(VerificationResult.Ok, result);
        Assert.True(result.Valid);
        Assert.Null(result.Code);
        Assert.Null(result.Reason);
    }

    [Fact]
    public void CanonicalContent_IsTheDocumentedJsonWithoutTheSeal()
    {
        var expected =
            "{\"holder\":\"南京某某制造有限公司\",\"issuedAt\":\"2025-03-01T08:00:00Z\",\"issuingAuthority\":\"南京市行政审批局\"," +
            "\"matter\":\"建筑工程施工许可\",\"number\":\"苏建许 320100202503010001\"," +
            "\"scope\":\"新建厂房 1 号楼，建筑面积 12000 平方米\",\"validFrom\":\"2025-03-01\",\"validUntil\":\"2026-02-28\"," +
            "\"verificationUrl\":\"https://approvals.example.gov.cn/verify/320100202503010001\"}";

        Assert.Equal(expected, Encoding.UTF8.GetString(Unsealed.CanonicalContent()));
        Assert.Equal(Unsealed.CanonicalContent(), Sealed().CanonicalContent());
    }

    [Fact]
    public void Verify_AnyFieldChanged_IsContentChanged()
    {
        var cert = Sealed();
        var seal = SealTestKeys.Info(SealProfile.Sm2);
        var tampered = new[]
        {
            cert with { Number = cert.Number + "X" },
            cert with { Holder = "南京另一公司" },
            cert with { Matter = "其他许可" },
            cert with { Scope = cert.Scope + " " },
            cert with { ValidFrom = cert.ValidFrom.AddDays(-1) },
            cert with { ValidUntil = cert.ValidUntil.AddYears(10) },
            cert with { IssuingAuthority = "某局" },
            cert with { IssuedAt = cert.IssuedAt.AddSeconds(1) },
            cert with { VerificationUrl = "https://evil.example/verify" },
            cert with { Seal = cert.Seal! with { SignedAt = cert.Seal.SignedAt.AddSeconds(-1) } },
            cert with { Seal = cert.Seal! with { ContentHash = SealSigningTests.Sm3Hex(Encoding.UTF8.GetBytes("x")) } },
        };

        foreach (var t in tampered)
        {
            var result = Verify(t, seal);
            Assert.False(result.Valid);
            Assert.Equal(VerificationCodes.ContentChanged, result.Code);
            Assert.False(string.IsNullOrWhiteSpace(result.Reason));
        }
    }

    [Fact]
    public void Verify_SameInstantInAnotherOffset_IsStillValid()
    {
        // Issued-at is sealed as UTC, so re-reading it from a store in another offset changes nothing.
        var cert = Sealed();
        var reread = cert with { IssuedAt = cert.IssuedAt.ToUniversalTime() };

        Assert.True(Verify(reread, SealTestKeys.Info(SealProfile.Sm2)).Valid);
    }

    [Fact]
    public void Verify_UnknownSeal_IsUnknownSeal()
    {
        var result = Verify(Sealed(), SealTestKeys.Info(SealProfile.Sm2, id: "other-seal"));

        Assert.Equal(VerificationCodes.UnknownSeal, result.Code);
        Assert.Contains("bureau-seal", result.Reason);
        Assert.Equal(VerificationCodes.UnknownSeal, Verify(Sealed(), null).Code);
    }

    [Fact]
    public void Verify_LookupReturnsSealWithOtherId_IsUnknownSeal()
    {
        var wrong = SealTestKeys.Info(SealProfile.Sm2, id: "other-seal");

        Assert.Equal(VerificationCodes.UnknownSeal, CertificateVerifier.Verify(Sealed(), _ => wrong, Now).Code);
    }

    [Fact]
    public void Verify_RevokedAfterSigning_StaysValid()
    {
        var seal = SealTestKeys.Info(SealProfile.Sm2, revokedAt: SealTestKeys.SignedAt.AddSeconds(1), reason: "department merged");

        Assert.True(Verify(Sealed(), seal).Valid);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(-86400)]
    public void Verify_RevokedAtOrBeforeSigning_IsSealRevoked(int secondsRelativeToSigning)
    {
        var seal = SealTestKeys.Info(SealProfile.Sm2, revokedAt: SealTestKeys.SignedAt.AddSeconds(secondsRelativeToSigning), reason: "key compromised");

        var result = Verify(Sealed(), seal);

        Assert.Equal(VerificationCodes.SealRevoked, result.Code);
        Assert.Contains("key compromised", result.Reason);
    }

    [Fact]
    public void Verify_KeyMadeEarlierInTheSecondOfSigning_IsValid()
    {
        // The signature keeps whole seconds; the key was made 350 ms into the same second (CI found this on stop 22).
        var seal = SealTestKeys.Info(SealProfile.Sm2, validFrom: SealTestKeys.SignedAt.AddMilliseconds(350));

        Assert.True(Verify(Sealed(), seal).Valid);
    }

    [Fact]
    public void Verify_SignedBeforeSealValidFrom_IsSealNotYetValid()
    {
        var seal = SealTestKeys.Info(SealProfile.Sm2, validFrom: SealTestKeys.SignedAt.AddSeconds(1));

        Assert.Equal(VerificationCodes.SealNotYetValid, Verify(Sealed(), seal).Code);
        Assert.True(Verify(Sealed(), seal with { ValidFrom = SealTestKeys.SignedAt }).Valid);
    }

    [Fact]
    public void Verify_SignedAfterSealValidUntil_IsSealExpired()
    {
        var seal = SealTestKeys.Info(SealProfile.Sm2, validUntil: SealTestKeys.SignedAt.AddSeconds(-1));

        Assert.Equal(VerificationCodes.SealExpired, Verify(Sealed(), seal).Code);
        Assert.True(Verify(Sealed(), seal with { ValidUntil = SealTestKeys.SignedAt }).Valid);
    }

    [Fact]
    public void Verify_SealExpiredAfterSigning_StaysValid()
    {
        // Seal validity is judged at the signing time, like revocation; today's state of the seal does not matter.
        var seal = SealTestKeys.Info(SealProfile.Sm2, validUntil: SealTestKeys.SignedAt.AddDays(1));

        Assert.True(Verify(Sealed(), seal, Now).Valid);
    }

    [Theory]
    [InlineData("2025-02-28T23:59:59+08:00", false)]
    [InlineData("2025-03-01T00:00:00+08:00", true)]
    [InlineData("2026-02-28T23:59:59+08:00", true)]
    [InlineData("2026-03-01T00:00:00+08:00", false)]
    [InlineData("2030-01-01T00:00:00+08:00", false)]
    public void Verify_NowAgainstCertificateDates_IsOutsideValidityOutsideTheInclusiveRange(string now, bool valid)
    {
        var result = Verify(Sealed(), SealTestKeys.Info(SealProfile.Sm2), DateTimeOffset.Parse(now));

        Assert.Equal(valid, result.Valid);
        if (!valid)
        {
            Assert.Equal(VerificationCodes.OutsideValidity, result.Code);
            Assert.Contains("2026-02-28", result.Reason);
        }
    }

    [Fact]
    public void Verify_SealRegisteredWithOtherProfile_IsProfileMismatch()
    {
        var seal = SealTestKeys.Info(SealProfile.EcdsaP256);

        var result = Verify(Sealed(SealProfile.Sm2), seal);

        Assert.Equal(VerificationCodes.ProfileMismatch, result.Code);
    }

    [Fact]
    public void Verify_SignatureClaimsOtherProfile_IsProfileMismatch()
    {
        var cert = Sealed(SealProfile.Sm2);
        var relabelled = cert with { Seal = cert.Seal! with { Profile = SealProfile.EcdsaP256, Algorithm = "ECDSA-P256-SHA256" } };

        Assert.Equal(VerificationCodes.ProfileMismatch, Verify(relabelled, SealTestKeys.Info(SealProfile.Sm2)).Code);
        var wrongAlgorithmOnly = cert with { Seal = cert.Seal! with { Algorithm = "ECDSA-P256-SHA256" } };
        Assert.Equal(VerificationCodes.ProfileMismatch, Verify(wrongAlgorithmOnly, SealTestKeys.Info(SealProfile.Sm2)).Code);
    }

    [Fact]
    public void Verify_Unsealed_IsNotSealed() =>
        Assert.Equal(VerificationCodes.NotSealed, Verify(Unsealed, SealTestKeys.Info(SealProfile.Sm2)).Code);

    [Fact]
    public void Verify_ContentChangedAndSealRevoked_ReportsContentChangedFirst()
    {
        var cert = Sealed() with { Holder = "someone else" };
        var seal = SealTestKeys.Info(SealProfile.Sm2, revokedAt: SealTestKeys.SignedAt.AddDays(-1));

        Assert.Equal(VerificationCodes.ContentChanged, Verify(cert, seal).Code);
    }

    [Fact]
    public void Seal_Resealing_ReplacesTheSeal()
    {
        var once = Sealed();
        var twice = CertificateSealer.Seal(SealTestKeys.Protector, SealTestKeys.For(SealProfile.EcdsaP256).PrivateKey, once, "other-seal", SealTestKeys.SignedAt);

        Assert.Equal("other-seal", twice.Seal!.SealId);
        Assert.True(Verify(twice, SealTestKeys.Info(SealProfile.EcdsaP256, id: "other-seal")).Valid);
    }
}
