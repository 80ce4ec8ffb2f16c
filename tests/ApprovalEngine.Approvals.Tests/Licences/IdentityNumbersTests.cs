using ApprovalEngine.Approvals.Licences;

namespace ApprovalEngine.Approvals.Tests.Licences;

public sealed class IdentityNumbersTests
{
    [Theory]
    [InlineData("91350100M000100Y43", true)] // the example of GB 32100-2015
    [InlineData("91110000802100433B", true)]
    [InlineData("91350100M000100Y42", false)] // wrong check character
    [InlineData("91350100M000100Y4", false)] // 17 characters
    [InlineData("91350100M0001O0Y43", false)] // O is not in the code's alphabet
    [InlineData("91440300MA5DC1QX1L", false)]
    [InlineData(null, false)]
    public void UnifiedSocialCreditCode(string? code, bool valid) => Assert.Equal(valid, IdentityNumbers.IsValidUnifiedSocialCreditCode(code));

    [Theory]
    [InlineData("11010519491231002X", true)] // the example of GB 11643-1999: check digit 10 is X
    [InlineData("11010519491231002x", true)]
    [InlineData("440524188001010014", true)]
    [InlineData("110101199003074477", true)]
    [InlineData("110101199003074478", false)] // wrong check digit
    [InlineData("11010119900230447X", false)] // 30 February, with the check digit it would have
    [InlineData("11010519491231002", false)]
    [InlineData("1101051949123100AX", false)]
    public void ResidentId(string? id, bool valid) => Assert.Equal(valid, IdentityNumbers.IsValidResidentId(id));
}
