using System.Text.Json;
using ApprovalEngine.Approvals.Seals;

namespace ApprovalEngine.Approvals.Tests.Seals;

public sealed class SealProfileTests
{
    [Theory]
    [InlineData("ecdsa-p256", SealProfile.EcdsaP256)]
    [InlineData("sm2", SealProfile.Sm2)]
    public void Parse_ApiName_ReturnsProfileAndFormatsBack(string name, SealProfile expected)
    {
        Assert.Equal(expected, SealProfiles.Parse(name));
        Assert.Equal(name, expected.ToApiName());
    }

    [Theory]
    [InlineData("SM2")]
    [InlineData("Sm2")]
    [InlineData("ecdsa")]
    [InlineData("1")]
    [InlineData("")]
    [InlineData(null)]
    public void Parse_AnythingElse_ThrowsNamingTheAllowedValues(string? name)
    {
        var ex = Assert.Throws<ArgumentException>(() => SealProfiles.Parse(name));
        Assert.Contains("\"ecdsa-p256\" or \"sm2\"", ex.Message);
        Assert.False(SealProfiles.TryParse(name, out _));
    }

    [Fact]
    public void AlgorithmName_EachProfile_IsTheDocumentedName()
    {
        Assert.Equal("ECDSA-P256-SHA256", SealProfile.EcdsaP256.AlgorithmName());
        Assert.Equal("SM2-with-SM3", SealProfile.Sm2.AlgorithmName());
    }

    [Fact]
    public void Json_Profile_RoundTripsAsApiName()
    {
        Assert.Equal("\"sm2\"", JsonSerializer.Serialize(SealProfile.Sm2));
        Assert.Equal("\"ecdsa-p256\"", JsonSerializer.Serialize(SealProfile.EcdsaP256));
        Assert.Equal(SealProfile.Sm2, JsonSerializer.Deserialize<SealProfile>("\"sm2\""));
    }

    [Fact]
    public void Json_HostWideStringEnumConverter_StillWritesApiNames()
    {
        var options = new JsonSerializerOptions { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

        Assert.Equal("\"ecdsa-p256\"", JsonSerializer.Serialize(SealProfile.EcdsaP256, options));
        Assert.Equal("\"sm2\"", JsonSerializer.Serialize(SealProfile.Sm2, options));
    }

    [Theory]
    [InlineData("\"Sm2\"")]
    [InlineData("2")]
    [InlineData("\"rsa\"")]
    public void Json_UnknownProfile_ThrowsJsonException(string json)
    {
        var ex = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<SealProfile>(json));
        Assert.Contains("Expected \"ecdsa-p256\" or \"sm2\"", ex.Message);
    }
}
