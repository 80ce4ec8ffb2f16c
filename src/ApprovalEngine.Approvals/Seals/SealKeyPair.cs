using System.Text;

namespace ApprovalEngine.Approvals.Seals;

/// <summary>
/// The at-rest form of a seal's private key: an encrypted PKCS#8 <c>EncryptedPrivateKeyInfo</c>
/// (PBES2, PBKDF2-HMAC-SHA256, AES-256-CBC) that only a <see cref="SealKeyProtector"/> with the same master secret
/// can open. Store it as is; it is useless without the master secret, but it is still never printed.
/// </summary>
/// <param name="Profile">Signature scheme of the key.</param>
/// <param name="EncryptedPrivateKey">Base64 DER of the encrypted PKCS#8 structure.</param>
public sealed record SealKeyMaterial(SealProfile Profile, string EncryptedPrivateKey)
{
    /// <summary>Prints the profile only, so the encrypted key can never reach a log line.</summary>
    public override string ToString() => $"{nameof(SealKeyMaterial)} {{ {nameof(Profile)} = {Profile}, {nameof(EncryptedPrivateKey)} = *** }}";

    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append(nameof(Profile)).Append(" = ").Append(Profile)
            .Append(", ").Append(nameof(EncryptedPrivateKey)).Append(" = ***");
        return true;
    }
}

/// <summary>
/// A freshly generated seal key: the public key for the seal registry and the protected private key for the
/// key store. The raw private key exists only inside <see cref="SealKeyProtector"/>.
/// </summary>
/// <param name="PublicKey">Base64 DER SubjectPublicKeyInfo (for SM2: id-ecPublicKey with curve sm2p256v1).</param>
/// <param name="PrivateKey">The encrypted private key.</param>
public sealed record SealKeyPair(string PublicKey, SealKeyMaterial PrivateKey)
{
    /// <summary>Signature scheme of both keys.</summary>
    public SealProfile Profile => PrivateKey.Profile;

    /// <summary>Prints the profile and public key only.</summary>
    public override string ToString() => $"{nameof(SealKeyPair)} {{ {PrintMembersText()} }}";

    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append(PrintMembersText());
        return true;
    }

    private string PrintMembersText() =>
        $"{nameof(Profile)} = {Profile}, {nameof(PublicKey)} = {PublicKey}, {nameof(PrivateKey)} = ***";
}
