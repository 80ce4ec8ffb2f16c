using System.Globalization;

namespace ApprovalEngine.Approvals.Licences;

/// <summary>The parts of an item implementation code (政务服务事项实施编码, GB/T 39554.1-2020).</summary>
/// <param name="BasicCode">基本编码: 12 characters of the national basic directory (digits; local items may carry capital letters, e.g. 420172026W04).</param>
/// <param name="AreaCode">The implementing agency's 12-digit administrative division code (GB/T 2260 six digits + township and village level).</param>
/// <param name="AgencyCreditCode">The implementing agency's 18-character unified social credit code (GB 32100, check character verified).</param>
/// <param name="ItemCode">业务办理项编码: two digits, 00 when the item has no separate handling items.</param>
public sealed record ImplementationCode(string BasicCode, string AreaCode, string AgencyCreditCode, string ItemCode)
{
    public const int Length = 12 + 12 + 18 + 2;

    public override string ToString() => BasicCode + AreaCode + AgencyCreditCode + ItemCode;
}

/// <summary>A code that failed its check: which part (for the 400's field) and why.</summary>
public sealed record CodeProblem(string Part, string Message);

/// <summary>
/// The national codes an approval carries besides the holder's identity numbers (<see cref="IdentityNumbers"/>):
/// item implementation codes (GB/T 39554.1), 12-digit area codes, and the 24-character fixed-asset investment project
/// code (GB/T 40058). Each check names the failing part so the API can say which.
/// </summary>
public static class NationalCodes
{
    // GB/T 2260 province-level codes (the first two digits of every division code).
    private static readonly HashSet<string> Provinces =
    [
        "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37", "41", "42", "43", "44", "45", "46",
        "50", "51", "52", "53", "54", "61", "62", "63", "64", "65", "71", "81", "82",
    ];

    /// <summary>A GB/T 2260 division code of 6 digits, or the 12-digit form (statistical division code: + township 3 + village 3).</summary>
    public static bool IsValidAreaCode(string? code) =>
        code is { Length: 6 or 12 } && code.All(char.IsAsciiDigit) && Provinces.Contains(code[..2]);

    /// <summary>
    /// Splits and checks an implementation code: 12-character basic code, 12-digit area code, 18-character agency
    /// credit code (check character), 2-digit handling item code; 44 characters, no separators.
    /// </summary>
    public static CodeProblem? CheckImplementationCode(string? code, out ImplementationCode? parsed)
    {
        parsed = null;
        if (code is null || code.Length != ImplementationCode.Length)
            return new("length", $"An implementation code has {ImplementationCode.Length} characters (basic code 12 + area code 12 + agency credit code 18 + item 2); this one has {code?.Length ?? 0}.");
        var (basic, area, credit, item) = (code[..12], code[12..24], code[24..42], code[42..]);
        if (!basic.All(c => char.IsAsciiDigit(c) || char.IsAsciiLetterUpper(c)))
            return new("basicCode", $"The basic code '{basic}' must be 12 digits or capital letters.");
        if (!area.All(char.IsAsciiDigit) || !IsValidAreaCode(area))
            return new("areaCode", $"The area code '{area}' is not a 12-digit administrative division code (GB/T 2260).");
        if (!IdentityNumbers.IsValidUnifiedSocialCreditCode(credit))
            return new("agencyCreditCode", $"The implementing agency's credit code '{credit}' fails its GB 32100 check character.");
        if (!item.All(char.IsAsciiDigit))
            return new("itemCode", $"The handling item code '{item}' must be two digits (00 when the item has none).");
        parsed = new ImplementationCode(basic, area, credit, item);
        return null;
    }

    /// <summary>
    /// A fixed-asset investment project code (GB/T 40058-2021): 24 characters written
    /// <c>YYYY-AAAAAA-DD-TT-NNNNNC</c>: year the code was given, 6-digit GB/T 2260 area code, 2-digit central
    /// department code, 2-digit project type code, 5-digit random code and the check character C.
    /// </summary>
    public static CodeProblem? CheckInvestmentProjectCode(string? code)
    {
        if (code is not { Length: 24 })
            return new("length", $"An investment project code has 24 characters (YYYY-AAAAAA-DD-TT-NNNNNC); this one has {code?.Length ?? 0}.");
        if (code[4] != '-' || code[11] != '-' || code[14] != '-' || code[17] != '-')
            return new("format", "An investment project code is written YYYY-AAAAAA-DD-TT-NNNNNC, with hyphens after the year, area, department and type codes.");
        var digits = code.Replace("-", "");
        if (!digits[..^1].All(char.IsAsciiDigit))
            return new("format", "Apart from the hyphens and the check character, an investment project code is digits only.");
        var year = int.Parse(digits[..4], CultureInfo.InvariantCulture);
        if (year is < 2014 or > 2099) return new("year", $"The year {year} is outside the code system (project codes exist since 2014).");
        if (!IsValidAreaCode(digits[4..10])) return new("areaCode", $"The area code '{digits[4..10]}' is not a GB/T 2260 division code.");
        var check = InvestmentProjectCheckCharacter(digits[..^1]);
        return char.ToUpperInvariant(digits[^1]) == check
            ? null
            : new("checkCharacter", $"The check character is '{digits[^1]}'; for these digits it must be '{check}'.");
    }

    /// <summary>
    /// The check character over the 19 digits before it: ISO 7064 MOD 11-2 (weights 2^(n-i) mod 11, result 0-9 or X),
    /// the scheme GB 11643 uses. GB/T 40058 §4.7 names a check character; the excerpts of the standard we could read
    /// do not give its algorithm, so this is our assumption, kept in this one place (see the README).
    /// </summary>
    public static char InvestmentProjectCheckCharacter(string nineteenDigits)
    {
        var sum = 0;
        var weight = 1;
        // Walk from the right: the digit next to the check character has weight 2, then 4, 8, ... (mod 11).
        for (var i = nineteenDigits.Length - 1; i >= 0; i--)
        {
            weight = weight * 2 % 11;
            sum += (nineteenDigits[i] - '0') * weight;
        }
        var check = (12 - sum % 11) % 11;
        return check == 10 ? 'X' : (char)('0' + check);
    }

    /// <summary>A valid credit code whose first 17 characters are <paramref name="first17"/> (test data, demo seeds).</summary>
    public static string CompleteCreditCode(string first17)
    {
        for (var i = 0; i < IdentityNumbers.CreditCodeCharacters.Length; i++)
            if (IdentityNumbers.IsValidUnifiedSocialCreditCode(first17 + IdentityNumbers.CreditCodeCharacters[i]))
                return first17 + IdentityNumbers.CreditCodeCharacters[i];
        throw new ArgumentException($"'{first17}' cannot start a credit code (it has a character outside GB 32100's set).", nameof(first17));
    }
}
