using ApprovalEngine.Approvals.Seals;

namespace ApprovalEngine.Approvals.Tests.Seals;

/// <summary>One key pair per profile for the whole test run: generation pays PBKDF2, and nothing mutates keys.</summary>
internal static class SealTestKeys
{
    public const string MasterSecret = "test-master-secret-0123456789abcdef";

    public static readonly SealKeyProtector Protector = new(MasterSecret);

    private static readonly Lazy<SealKeyPair> Ecdsa = new(() => Protector.Generate(SealProfile.EcdsaP256));
    private static readonly Lazy<SealKeyPair> Sm2 = new(() => Protector.Generate(SealProfile.Sm2));

    public static SealKeyPair For(SealProfile profile) => profile == SealProfile.Sm2 ? Sm2.Value : Ecdsa.Value;

    public static readonly DateTimeOffset SignedAt = new(2025, 3, 1, 8, 0, 0, TimeSpan.Zero);

    public static SealInfo Info(SealProfile profile, string id = "bureau-seal",
        DateTimeOffset? validFrom = null, DateTimeOffset? validUntil = null, DateTimeOffset? revokedAt = null, string? reason = null) =>
        new(id, ["approval-bureau"], profile, For(profile).PublicKey,
            validFrom ?? new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero), validUntil, revokedAt, reason);

    public static Func<string, SealInfo?> Registry(params SealInfo[] seals) =>
        id => seals.FirstOrDefault(s => s.Id == id);
}
