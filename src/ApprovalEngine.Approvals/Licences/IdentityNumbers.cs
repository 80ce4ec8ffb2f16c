using System.Globalization;

namespace ApprovalEngine.Approvals.Licences;

/// <summary>Check characters of the identity numbers licence holders carry.</summary>
public static class IdentityNumbers
{
    // GB 32100-2015: 31 characters, without I, O, S, V and Z (easily misread).
    public const string CreditCodeCharacters = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static readonly int[] CreditCodeWeights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
    private static readonly int[] ResidentIdWeights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

    /// <summary>
    /// An organisation's unified social credit code (GB 32100-2015): 18 characters; the last is the check character
    /// 31 - (Σ value × weight mod 31), with 31 written as 0.
    /// </summary>
    public static bool IsValidUnifiedSocialCreditCode(string? code)
    {
        if (code is not { Length: 18 }) return false;
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            var value = CreditCodeCharacters.IndexOf(code[i]);
            if (value < 0) return false;
            sum += value * CreditCodeWeights[i];
        }
        var check = (31 - sum % 31) % 31;
        return code[17] == CreditCodeCharacters[check];
    }

    /// <summary>
    /// A resident identity number (GB 11643-1999): 17 digits with a real birth date at positions 7-14, then the check
    /// digit (12 - Σ digit × weight mod 11) mod 11, with 10 written as X.
    /// </summary>
    public static bool IsValidResidentId(string? id)
    {
        if (id is not { Length: 18 }) return false;
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            if (!char.IsAsciiDigit(id[i])) return false;
            sum += (id[i] - '0') * ResidentIdWeights[i];
        }
        if (!DateOnly.TryParseExact(id[6..14], "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)) return false;
        var check = (12 - sum % 11) % 11;
        return char.ToUpperInvariant(id[17]) == (check == 10 ? 'X' : (char)('0' + check));
    }

    /// <summary>
    /// For people who may not see the whole number: the first 6 and last 4 characters (area code and check end; a resident
    /// ID's birth date is hidden), e.g. 320502********002X.
    /// </summary>
    public static string? Mask(string? id) => id is not { Length: > 10 } ? id is null ? null : new string('*', id.Length) : id[..6] + new string('*', id.Length - 10) + id[^4..];

    /// <summary>Either kind of holder identity.</summary>
    public static bool IsValidHolderId(string? id) => IsValidUnifiedSocialCreditCode(id) || IsValidResidentId(id);
}
