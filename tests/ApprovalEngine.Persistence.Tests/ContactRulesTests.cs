using ApprovalEngine.Persistence.Notifications;

namespace ApprovalEngine.Persistence.Tests;

/// <summary>
/// A phone number as people type it is stored and compared in one form: a complaint filed as "+86 138 0000 1111" was
/// refused, and one filed as "13800001111" could not be found again with "138 0000 1111".
/// </summary>
public sealed class ContactRulesTests
{
    [Theory]
    [InlineData("13800001111", "13800001111")]
    [InlineData("+86 138 0000 1111", "13800001111")]
    [InlineData("0086-138-0000-1111", "13800001111")]
    [InlineData(" 138 0000 1111 ", "13800001111")]
    [InlineData("0512-12345678", "0512-12345678")]
    [InlineData("0512 1234 5678", "051212345678")]
    public void NormalizePhone_OneFormPerNumber_ThatIsAPhone(string typed, string stored)
    {
        Assert.Equal(stored, ContactRules.NormalizePhone(typed));
        Assert.True(ContactRules.IsPhone(ContactRules.NormalizePhone(typed)));
    }

    [Theory]
    [InlineData("+86 12345")]
    [InlineData("abc")]
    public void NormalizePhone_LeavesWhatIsNoPhone_NoPhone(string typed) => Assert.False(ContactRules.IsPhone(ContactRules.NormalizePhone(typed)));
}
