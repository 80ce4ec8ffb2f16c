using ApprovalEngine.Approvals.Licences;

namespace ApprovalEngine.Approvals.Tests.Licences;

/// <summary>GB/T 39554.1 item implementation codes, GB/T 2260 area codes and GB/T 40058 investment project codes.</summary>
public sealed class NationalCodesTests
{
    // basic code 12 + area code 12 + agency credit code 18 (GB 32100's own example) + handling item 2
    private const string Valid = "000172001000" + "320500000000" + "91350100M000100Y43" + "00";

    [Fact]
    public void ImplementationCode_Valid_SplitsIntoItsParts()
    {
        Assert.Null(NationalCodes.CheckImplementationCode(Valid, out var parsed));
        Assert.Equal(new ImplementationCode("000172001000", "320500000000", "91350100M000100Y43", "00"), parsed);
        Assert.Equal(Valid, parsed!.ToString());
        // A local item's basic code may carry capital letters (e.g. Hubei's 420172026W04).
        Assert.Null(NationalCodes.CheckImplementationCode("420172026W04" + "420100000000" + "91350100M000100Y43" + "01", out _));
    }

    [Theory]
    [InlineData("000172001000320500000000" + "91350100M000100Y43" + "0", "length")]
    [InlineData("11320500MB1234567X4000111017000", "length")] // the old shipped value: a credit code and a tail, 31 characters
    [InlineData("00017200100a" + "320500000000" + "91350100M000100Y43" + "00", "basicCode")]
    [InlineData("000172001000" + "990500000000" + "91350100M000100Y43" + "00", "areaCode")] // no province 99
    [InlineData("000172001000" + "3205000000AB" + "91350100M000100Y43" + "00", "areaCode")]
    [InlineData("000172001000" + "320500000000" + "91350100M000100Y42" + "00", "agencyCreditCode")] // wrong check character
    [InlineData("000172001000" + "320500000000" + "91350100M000100Y43" + "0A", "itemCode")]
    public void ImplementationCode_Invalid_NamesTheFailingPart(string code, string part)
    {
        var problem = NationalCodes.CheckImplementationCode(code, out var parsed);
        Assert.Equal(part, problem?.Part);
        Assert.Null(parsed);
    }

    [Theory]
    [InlineData("2026-320500-89-01-123454", null)]
    [InlineData("2025-320583-47-03-123456", null)]
    [InlineData("2026-320500-89-01-123455", "checkCharacter")]
    [InlineData("2025-320583-47-03-123457", "checkCharacter")]
    [InlineData("2026-320500-89-01-12345", "length")]
    [InlineData("20263205008901123454", "length")]
    [InlineData("2026_320500_89_01_123454", "format")]
    [InlineData("2026-3205A0-89-01-123454", "format")]
    [InlineData("2010-320500-89-01-123454", "year")]
    [InlineData("2026-990500-89-01-123454", "areaCode")]
    public void InvestmentProjectCode(string code, string? failingPart) =>
        Assert.Equal(failingPart, NationalCodes.CheckInvestmentProjectCode(code)?.Part);

    [Fact]
    public void InvestmentProjectCheckCharacter_CanBeX()
    {
        // Some 19 digits give check value 10, written X (as in GB 11643).
        var digits = Enumerable.Range(0, 100000).Select(n => $"20263205008901{n:D5}").First(d => NationalCodes.InvestmentProjectCheckCharacter(d) == 'X');
        var code = $"{digits[..4]}-{digits[4..10]}-{digits[10..12]}-{digits[12..14]}-{digits[14..]}X";
        Assert.Null(NationalCodes.CheckInvestmentProjectCode(code));
        Assert.Null(NationalCodes.CheckInvestmentProjectCode(code.ToLowerInvariant()));
    }

    [Theory]
    [InlineData("320500", true)]
    [InlineData("320505001001", true)]
    [InlineData("110000", true)]
    [InlineData("000000", false)]
    [InlineData("32050", false)]
    [InlineData("3205000000", false)]
    [InlineData(null, false)]
    public void AreaCode(string? code, bool valid) => Assert.Equal(valid, NationalCodes.IsValidAreaCode(code));

    [Fact]
    public void CompleteCreditCode_GivesTheCheckCharacter()
    {
        Assert.Equal("91350100M000100Y43", NationalCodes.CompleteCreditCode("91350100M000100Y4"));
        Assert.Equal("11320500MB1234567Y", NationalCodes.CompleteCreditCode("11320500MB1234567"));
    }
}
