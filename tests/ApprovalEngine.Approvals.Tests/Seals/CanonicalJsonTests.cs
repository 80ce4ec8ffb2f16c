using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ApprovalEngine.Approvals.Seals;

namespace ApprovalEngine.Approvals.Tests.Seals;

public sealed class CanonicalJsonTests
{
    private static string Canonical(string json) => Encoding.UTF8.GetString(CanonicalJson.Serialize(JsonNode.Parse(json)));

    // RFC 8785 section 3.2.2 (whitespace, numbers, strings, literals) and its expected output.
    [Fact]
    public void Serialize_Rfc8785Section322Example_MatchesExpectedOutput()
    {
        const string input = """
            {
              "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
              "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
              "literals": [null, true, false]
            }
            """;
        const string expected = """{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\u000f\nA'B\"\\\\\"/"}""";

        Assert.Equal(expected, Canonical(input));
        // Section 3.2.4 gives the same result as UTF-8 bytes.
        const string rfcHex =
            "7b 22 6c 69 74 65 72 61 6c 73 22 3a 5b 6e 75 6c 6c 2c 74 72 75 65 2c 66 61 6c 73 65 5d 2c 22 6e 75 6d 62 " +
            "65 72 73 22 3a 5b 33 33 33 33 33 33 33 33 33 2e 33 33 33 33 33 33 33 2c 31 65 2b 33 30 2c 34 2e 35 2c 30 " +
            "2e 30 30 32 2c 31 65 2d 32 37 5d 2c 22 73 74 72 69 6e 67 22 3a 22 e2 82 ac 24 5c 75 30 30 30 66 5c 6e 41 " +
            "27 42 5c 22 5c 5c 5c 5c 5c 22 2f 22 7d";
        Assert.Equal(Convert.FromHexString(rfcHex.Replace(" ", "")), CanonicalJson.Serialize(JsonNode.Parse(input)));
    }

    // RFC 8785 section 3.2.3: names sort by UTF-16 code units, so the emoji's high surrogate (D83D) sorts before U+FB33.
    [Fact]
    public void Serialize_Rfc8785Section323SortingExample_OrdersByUtf16CodeUnits()
    {
        const string input = """
            {
              "\u20ac": "Euro Sign",
              "\r": "Carriage Return",
              "\ufb33": "Hebrew Letter Dalet With Dagesh",
              "1": "One",
              "\ud83d\ude00": "Emoji: Grinning Face",
              "\u0080": "Control",
              "\u00f6": "Latin Small Letter O With Diaeresis"
            }
            """;
        var expected =
            "{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u0080\":\"Control\",\"\u00f6\":\"Latin Small Letter O With Diaeresis\"," +
            "\"\u20ac\":\"Euro Sign\",\"\ud83d\ude00\":\"Emoji: Grinning Face\",\"\ufb33\":\"Hebrew Letter Dalet With Dagesh\"}";

        var bytes = CanonicalJson.Serialize(JsonNode.Parse(input));

        Assert.Equal(expected, Encoding.UTF8.GetString(bytes));
        Assert.Equal(Encoding.UTF8.GetBytes(expected), bytes); // raw UTF-8, no \u escapes for non-ASCII
    }

    // RFC 8785 appendix B: IEEE-754 bit patterns and their ECMAScript string forms.
    [Theory]
    [InlineData(0x0000000000000000UL, "0")]
    [InlineData(0x8000000000000000UL, "0")]
    [InlineData(0x0000000000000001UL, "5e-324")]
    [InlineData(0x8000000000000001UL, "-5e-324")]
    [InlineData(0x7fefffffffffffffUL, "1.7976931348623157e+308")]
    [InlineData(0xffefffffffffffffUL, "-1.7976931348623157e+308")]
    [InlineData(0x4340000000000000UL, "9007199254740992")]
    [InlineData(0xc340000000000000UL, "-9007199254740992")]
    [InlineData(0x4430000000000000UL, "295147905179352830000")]
    [InlineData(0x44b52d02c7e14af5UL, "9.999999999999997e+22")]
    [InlineData(0x44b52d02c7e14af6UL, "1e+23")]
    [InlineData(0x44b52d02c7e14af7UL, "1.0000000000000001e+23")]
    [InlineData(0x444b1ae4d6e2ef4eUL, "999999999999999700000")]
    [InlineData(0x444b1ae4d6e2ef4fUL, "999999999999999900000")]
    [InlineData(0x444b1ae4d6e2ef50UL, "1e+21")]
    [InlineData(0x3eb0c6f7a0b5ed8cUL, "9.999999999999997e-7")]
    [InlineData(0x3eb0c6f7a0b5ed8dUL, "0.000001")]
    [InlineData(0x41b3de4355555553UL, "333333333.3333332")]
    [InlineData(0x41b3de4355555554UL, "333333333.33333325")]
    [InlineData(0x41b3de4355555555UL, "333333333.3333333")]
    [InlineData(0x41b3de4355555556UL, "333333333.3333334")]
    [InlineData(0x41b3de4355555557UL, "333333333.33333343")]
    [InlineData(0xbecbf647612f3696UL, "-0.0000033333333333333333")]
    [InlineData(0x43143ff3c1cb0959UL, "1424953923781206.2")]
    public void FormatNumber_Rfc8785AppendixB_MatchesEcmaScript(ulong bits, string expected)
    {
        var value = BitConverter.UInt64BitsToDouble(bits);

        Assert.Equal(expected, CanonicalJson.FormatNumber(value));
        Assert.Equal(expected, Encoding.UTF8.GetString(CanonicalJson.Serialize(JsonValue.Create(value))));
    }

    [Theory]
    [InlineData(0x7ff8000000000000UL)] // NaN
    [InlineData(0x7ff0000000000000UL)] // Infinity
    [InlineData(0xfff0000000000000UL)] // -Infinity
    public void Serialize_NonFiniteNumber_Throws(ulong bits)
    {
        var value = BitConverter.UInt64BitsToDouble(bits);

        Assert.Throws<ArgumentException>(() => CanonicalJson.FormatNumber(value));
        Assert.Throws<ArgumentException>(() => CanonicalJson.Serialize(new JsonObject { ["x"] = value }));
    }

    [Theory]
    [InlineData("1.0", "1")]
    [InlineData("-0", "0")]
    [InlineData("1e2", "100")]
    [InlineData("100E-2", "1")]
    [InlineData("123456789012", "123456789012")]
    [InlineData("0.1", "0.1")]
    [InlineData("1e-7", "1e-7")]
    [InlineData("9007199254740992", "9007199254740992")]
    [InlineData("1152921504606846976", "1152921504606847000")] // 2^60: exact in a double, printed with ES's shortest digits
    [InlineData("1152921504606847000", "1152921504606847000")] // ...and that canonical spelling is accepted again
    [InlineData("295147905179352830000", "295147905179352830000")]
    public void Serialize_ParsedNumbers_UseEcmaScriptForm(string number, string expected) =>
        Assert.Equal($"[{expected}]", Canonical($"[{number}]"));

    [Theory]
    [InlineData("9007199254740993")]
    [InlineData("-9007199254740993")]
    [InlineData("12345678901234567890")]
    public void Serialize_IntegerNotExactAsDouble_ThrowsInsteadOfRounding(string number)
    {
        var ex = Assert.Throws<ArgumentException>(() => Canonical($"[{number}]"));
        Assert.Contains("as a string", ex.Message);
    }

    [Fact]
    public void Serialize_ClrLongNotExactAsDouble_Throws() =>
        Assert.Throws<ArgumentException>(() => CanonicalJson.Serialize(JsonValue.Create(9007199254740993L)));

    [Fact]
    public void Serialize_ClrValues_AreCanonicalizedLikeParsedJson()
    {
        var node = new JsonObject
        {
            ["b"] = 4.50m,
            ["a"] = new JsonArray(1, 2L, 0.5f, true, null, "x"),
            ["c"] = new JsonObject { ["z"] = 1, ["y"] = new JsonObject() },
            ["d"] = JsonValue.Create(new DateTimeOffset(2025, 3, 1, 8, 0, 0, TimeSpan.FromHours(8))),
        };

        Assert.Equal(
            """{"a":[1,2,0.5,true,null,"x"],"b":4.5,"c":{"y":{},"z":1},"d":"2025-03-01T08:00:00+08:00"}""",
            Encoding.UTF8.GetString(CanonicalJson.Serialize(node)));
    }

    [Fact]
    public void Serialize_SameDataInAnyMemberOrderOrSpacing_GivesSameBytes()
    {
        var a = CanonicalJson.Serialize(JsonNode.Parse("""{"b":[1,{"y":2,"x":1}],"a":"s"}"""));
        var b = CanonicalJson.Serialize(JsonNode.Parse("""  { "a" : "s" , "b" : [ 1.0 , { "x" : 1 , "y" : 2e0 } ] } """));

        Assert.Equal(a, b);
    }

    [Fact]
    public void Serialize_Strings_EscapeOnlyWhatJcsRequires()
    {
        // '/', DEL, U+2028 and non-ASCII stay literal; control characters use short forms or lowercase \u00xx.
        var node = JsonValue.Create("/\u007f\u2028é<>&'\b\f\n\r\t\u0000\u001f\"\\");

        Assert.Equal("\"/\u007f\u2028é<>&'\\b\\f\\n\\r\\t\\u0000\\u001f\\\"\\\\\"", Encoding.UTF8.GetString(CanonicalJson.Serialize(node)));
    }

    [Fact]
    public void Serialize_LoneSurrogate_Throws()
    {
        Assert.Throws<ArgumentException>(() => CanonicalJson.Serialize(new JsonObject { ["x"] = "a\ud800b" }));
        Assert.Throws<ArgumentException>(() => Canonical("""["a\udc00"]"""));
    }

    [Fact]
    public void Serialize_DuplicateMemberNamesInParsedElement_Throws()
    {
        using var doc = JsonDocument.Parse("""{"a":1,"a":2}""");

        var ex = Assert.Throws<ArgumentException>(() => CanonicalJson.Serialize(doc.RootElement));
        Assert.Contains("Duplicate member name \"a\"", ex.Message);
    }

    [Fact]
    public void Serialize_NullNode_IsJsonNull() =>
        Assert.Equal("null", Encoding.UTF8.GetString(CanonicalJson.Serialize((JsonNode?)null)));
}
