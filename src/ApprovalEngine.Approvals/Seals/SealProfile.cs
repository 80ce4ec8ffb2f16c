using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ApprovalEngine.Approvals.Seals;

/// <summary>
/// The signature scheme a seal uses. In JSON it is written with its API name
/// (<c>"ecdsa-p256"</c> or <c>"sm2"</c>), never as a number. The member-name attributes make a host-wide
/// <c>JsonStringEnumConverter</c> (which outranks the type's own converter) write the same names.
/// </summary>
[JsonConverter(typeof(SealProfileJsonConverter))]
public enum SealProfile
{
    /// <summary>ECDSA on NIST P-256 with SHA-256 (BCL <c>ECDsa</c>).</summary>
    [JsonStringEnumMemberName(SealProfiles.EcdsaP256Name)]
    EcdsaP256 = 1,

    /// <summary>SM2 signature with SM3 digest and the default user ID, per GB/T 38540 / GM/T 0009 (BouncyCastle).</summary>
    [JsonStringEnumMemberName(SealProfiles.Sm2Name)]
    Sm2 = 2,
}

/// <summary>API names, algorithm names and parsing for <see cref="SealProfile"/>.</summary>
public static class SealProfiles
{
    /// <summary>API name of <see cref="SealProfile.EcdsaP256"/>.</summary>
    public const string EcdsaP256Name = "ecdsa-p256";

    /// <summary>API name of <see cref="SealProfile.Sm2"/>.</summary>
    public const string Sm2Name = "sm2";

    /// <summary>SM2 signer identity (user ID) hashed into Z_A: the default of GM/T 0009 and GB/T 35276, used by
    /// GB/T 38540 seals, so any conforming verifier checks our signatures without extra agreement.</summary>
    public const string Sm2UserId = "1234567812345678";

    /// <summary>The API name, e.g. <c>"sm2"</c>.</summary>
    public static string ToApiName(this SealProfile profile) => profile switch
    {
        SealProfile.EcdsaP256 => EcdsaP256Name,
        SealProfile.Sm2 => Sm2Name,
        _ => throw Unknown(profile),
    };

    /// <summary>The signature algorithm name stored in <see cref="SealSignature.Algorithm"/> and signed with it.</summary>
    public static string AlgorithmName(this SealProfile profile) => profile switch
    {
        SealProfile.EcdsaP256 => "ECDSA-P256-SHA256",
        SealProfile.Sm2 => "SM2-with-SM3",
        _ => throw Unknown(profile),
    };

    /// <summary>Parses an API name exactly (case-sensitive, as it is an identifier in stored JSON).</summary>
    /// <exception cref="ArgumentException">The value is not <c>"ecdsa-p256"</c> or <c>"sm2"</c>.</exception>
    public static SealProfile Parse(string? value) =>
        TryParse(value, out var profile)
            ? profile
            : throw new ArgumentException(UnknownNameMessage(value), nameof(value));

    /// <summary>Parses an API name exactly; false for anything else (including numbers and enum member names).</summary>
    public static bool TryParse([NotNullWhen(true)] string? value, out SealProfile profile)
    {
        switch (value)
        {
            case EcdsaP256Name:
                profile = SealProfile.EcdsaP256;
                return true;
            case Sm2Name:
                profile = SealProfile.Sm2;
                return true;
            default:
                profile = default;
                return false;
        }
    }

    internal static byte[] Sm2UserIdBytes() => System.Text.Encoding.ASCII.GetBytes(Sm2UserId);

    internal static string UnknownNameMessage(string? value) =>
        $"Unknown seal profile '{value}'. Expected \"{EcdsaP256Name}\" or \"{Sm2Name}\".";

    internal static ArgumentOutOfRangeException Unknown(SealProfile profile) =>
        new(nameof(profile), profile, $"Unknown seal profile value {(int)profile}.");
}

/// <summary>Writes <see cref="SealProfile"/> as its API name and rejects anything else on read.</summary>
public sealed class SealProfileJsonConverter : JsonConverter<SealProfile>
{
    /// <inheritdoc />
    public override SealProfile Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        // Only strings: a numeric enum value in stored JSON would silently change meaning if members were reordered.
        if (reader.TokenType != JsonTokenType.String)
            throw new JsonException(SealProfiles.UnknownNameMessage(reader.TokenType.ToString()));
        var value = reader.GetString();
        return SealProfiles.TryParse(value, out var profile)
            ? profile
            : throw new JsonException(SealProfiles.UnknownNameMessage(value));
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, SealProfile value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToApiName());
}
