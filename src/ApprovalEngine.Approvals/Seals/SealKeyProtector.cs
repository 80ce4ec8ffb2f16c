using System.Security.Cryptography;
using Org.BouncyCastle.Asn1.GM;
using Org.BouncyCastle.Asn1.Nist;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Pkcs;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;

namespace ApprovalEngine.Approvals.Seals;

/// <summary>
/// Generates seal keys and signs with them. Private keys leave this class only encrypted under the master secret
/// (from configuration); they are decrypted in memory for the duration of one <see cref="Sign"/> call.
/// </summary>
/// <remarks>Thread-safe; register one instance per process.</remarks>
public sealed class SealKeyProtector
{
    /// <summary>Shortest accepted master secret. It is a machine secret, not a password people type.</summary>
    public const int MinimumSecretLength = 32;

    // PBKDF2-HMAC-SHA256 rounds for new keys. Stored inside each blob, so it can be raised later without breaking
    // old keys. Moderate because the secret is already long and random and every Sign call pays it.
    private const int Pbkdf2Iterations = 100_000;

    private readonly string _masterSecret;
    private readonly string _secretId;

    // Unwrapping a key costs a full PBKDF2 run (and BouncyCastle's is managed code), which dominated sealing time.
    // Unwrapped keys are kept in memory, keyed by the secret's hash, the profile and the blob, so a protector with a wrong
    // secret still cannot use them; the cache is bounded (seals are few) and never leaves the process.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(string SecretId, SealProfile Profile, string Blob), object> Unwrapped = new();
    private const int MaxUnwrappedKeys = 256;

    /// <summary>Creates a protector for keys encrypted under <paramref name="masterSecret"/>.</summary>
    /// <exception cref="ArgumentException">The secret is shorter than <see cref="MinimumSecretLength"/> characters.</exception>
    public SealKeyProtector(string masterSecret)
    {
        ArgumentNullException.ThrowIfNull(masterSecret);
        if (masterSecret.Length < MinimumSecretLength)
            throw new ArgumentException(
                $"The seal master secret must be at least {MinimumSecretLength} characters long.", nameof(masterSecret));
        _masterSecret = masterSecret;
        _secretId = Convert.ToHexString(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(masterSecret)));
    }

    /// <summary>Generates a new key pair for <paramref name="profile"/>.</summary>
    public SealKeyPair Generate(SealProfile profile) => profile switch
    {
        SealProfile.EcdsaP256 => GenerateEcdsa(),
        SealProfile.Sm2 => GenerateSm2(),
        _ => throw SealProfiles.Unknown(profile),
    };

    /// <summary>
    /// Seals <paramref name="canonicalContent"/> at <paramref name="signingTime"/> (truncated to whole UTC seconds)
    /// as seal <paramref name="sealId"/>. See <see cref="SealVerifier"/> for the exact signed bytes.
    /// </summary>
    /// <exception cref="CryptographicException">The key cannot be decrypted with this master secret, or is not a
    /// key of its stated profile.</exception>
    public SealSignature Sign(SealKeyMaterial key, ReadOnlySpan<byte> canonicalContent, DateTimeOffset signingTime, string sealId)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentException.ThrowIfNullOrWhiteSpace(sealId);

        var profile = key.Profile;
        var signedAt = SealEnvelope.NormalizeTime(signingTime);
        var contentHash = SealEnvelope.ContentHashHex(profile, canonicalContent);
        var message = SealEnvelope.Message(profile, contentHash, sealId, signedAt);
        var signature = profile switch
        {
            SealProfile.EcdsaP256 => SignEcdsa(Unwrap(key, blob => UnwrapEcdsa(blob)), message),
            SealProfile.Sm2 => Unwrap(key, blob => new Sm2SigningKey(UnwrapSm2(blob))).Sign(message),
            _ => throw SealProfiles.Unknown(profile),
        };
        return new SealSignature(sealId, profile, profile.AlgorithmName(), contentHash, signedAt, Convert.ToBase64String(signature));
    }

    private SealKeyPair GenerateEcdsa()
    {
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var pbe = new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, Pbkdf2Iterations);
        var encrypted = ecdsa.ExportEncryptedPkcs8PrivateKey(_masterSecret, pbe);
        return new SealKeyPair(
            Convert.ToBase64String(ecdsa.ExportSubjectPublicKeyInfo()),
            new SealKeyMaterial(SealProfile.EcdsaP256, Convert.ToBase64String(encrypted)));
    }

    private SealKeyPair GenerateSm2()
    {
        var random = new SecureRandom();
        var generator = new ECKeyPairGenerator();
        // The named-curve OID makes both encodings carry "sm2p256v1" rather than explicit curve parameters.
        generator.Init(new ECKeyGenerationParameters(GMObjectIdentifiers.sm2p256v1, random));
        var pair = generator.GenerateKeyPair();

        var publicKey = SubjectPublicKeyInfoFactory.CreateSubjectPublicKeyInfo(pair.Public).GetDerEncoded();
        var password = _masterSecret.ToCharArray();
        try
        {
            // Same format as the BCL's ExportEncryptedPkcs8PrivateKey above: PBES2, PBKDF2-HMAC-SHA256, AES-256-CBC.
            var encrypted = EncryptedPrivateKeyInfoFactory.CreateEncryptedPrivateKeyInfo(
                NistObjectIdentifiers.IdAes256Cbc,
                PkcsObjectIdentifiers.IdHmacWithSha256,
                password,
                SecureRandom.GetNextBytes(random, 16),
                Pbkdf2Iterations,
                random,
                pair.Private);
            return new SealKeyPair(
                Convert.ToBase64String(publicKey),
                new SealKeyMaterial(SealProfile.Sm2, Convert.ToBase64String(encrypted.GetEncoded())));
        }
        finally
        {
            Array.Clear(password);
        }
    }

    private T Unwrap<T>(SealKeyMaterial key, Func<byte[], T> unwrap) where T : notnull
    {
        // The profile is part of the key: a blob labelled with the wrong profile must fail as it would uncached.
        var cacheKey = (_secretId, key.Profile, key.EncryptedPrivateKey);
        if (Unwrapped.TryGetValue(cacheKey, out var cached)) return (T)cached;
        var unwrapped = unwrap(DecodeBlob(key.EncryptedPrivateKey));
        if (Unwrapped.Count < MaxUnwrappedKeys) Unwrapped[cacheKey] = unwrapped;
        return unwrapped;
    }

    private ECParameters UnwrapEcdsa(byte[] blob)
    {
        using var ecdsa = ECDsa.Create();
        try
        {
            ecdsa.ImportEncryptedPkcs8PrivateKey(_masterSecret, blob, out _);
        }
        catch (CryptographicException ex)
        {
            throw CannotDecrypt(SealProfile.EcdsaP256, ex);
        }
        if (!SealVerifier.IsP256(ecdsa))
            throw WrongKeyType(SealProfile.EcdsaP256);
        return ecdsa.ExportParameters(includePrivateParameters: true);
    }

    private static byte[] SignEcdsa(ECParameters key, byte[] message)
    {
        using var ecdsa = ECDsa.Create(key);
        // DER (r, s), the same encoding SM2 uses and X.509/CMS expect, instead of the BCL's default r||s.
        return ecdsa.SignData(message, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
    }

    /// <summary>
    /// An unwrapped SM2 key with signers ready for it. Initialising a signer derives the public point (a scalar multiplication,
    /// as costly as the signature itself) and Z; after each signature the signer is ready for the next message with the same
    /// key, identity and Z, so signers are kept and reused (one per concurrent signature) instead of initialised per seal.
    /// </summary>
    private sealed class Sm2SigningKey(ECPrivateKeyParameters key)
    {
        private readonly System.Collections.Concurrent.ConcurrentBag<SM2Signer> _ready = [];

        public byte[] Sign(byte[] message)
        {
            if (!_ready.TryTake(out var signer))
            {
                signer = new SM2Signer(StandardDsaEncoding.Instance, new SM3Digest());
                signer.Init(true, new ParametersWithID(new ParametersWithRandom(key, new SecureRandom()), SealProfiles.Sm2UserIdBytes()));
            }
            signer.BlockUpdate(message);
            var signature = signer.GenerateSignature(); // draws a fresh k and leaves the signer as Init left it
            _ready.Add(signer);
            return signature;
        }
    }

    private ECPrivateKeyParameters UnwrapSm2(byte[] blob)
    {
        ECPrivateKeyParameters key;
        var password = _masterSecret.ToCharArray();
        try
        {
            // A wrong password usually fails the CBC padding check, but can (1 in ~256) yield garbage that then
            // fails to parse as PKCS#8; both mean the same thing to the caller.
            key = PrivateKeyFactory.DecryptKey(password, blob) as ECPrivateKeyParameters
                ?? throw WrongKeyType(SealProfile.Sm2);
        }
        catch (Exception ex) when (ex is not CryptographicException)
        {
            throw CannotDecrypt(SealProfile.Sm2, ex);
        }
        finally
        {
            Array.Clear(password);
        }
        if (!GMObjectIdentifiers.sm2p256v1.Equals(key.PublicKeyParamSet))
            throw WrongKeyType(SealProfile.Sm2);
        return key;
    }

    private static byte[] DecodeBlob(string encryptedPrivateKey)
    {
        try
        {
            return Convert.FromBase64String(encryptedPrivateKey);
        }
        catch (FormatException ex)
        {
            throw new CryptographicException("The seal's protected private key is not valid base64.", ex);
        }
    }

    private static CryptographicException CannotDecrypt(SealProfile profile, Exception inner) =>
        new($"The {profile.ToApiName()} seal private key cannot be decrypted: the master secret is wrong or the protected key is damaged.", inner);

    private static CryptographicException WrongKeyType(SealProfile profile) =>
        new($"The protected private key is not a key of seal profile '{profile.ToApiName()}'.");
}
