using Sharpformers.Generation.Constraints;
using static Sharpformers.Generation.Tests.Constraints.ConstraintTestKit;

namespace Sharpformers.Generation.Tests.Constraints;

/// <summary>The JSON automata on hand-traced texts and token sequences.</summary>
public sealed class JsonAutomatonTests
{
    private const string NameSchema = """{"type":"object","properties":{"a":{"type":"string"}},"required":["a"],"additionalProperties":false}""";

    [Fact]
    public void A_token_holding_quote_and_brace_closes_the_string_and_the_object()
    {
        // Tokens: 0 `{"`, 1 `a`, 2 `":"`, 3 `x`, 4 `"}`, 5 `}`, 6 `"`.
        var vocabulary = Vocabulary.Of("{\"", "a", "\":\"", "x", "\"}", "}", "\"");
        var walker = new Walker(TokenConstraint.JsonSchema(NameSchema), vocabulary);
        Assert.Equal([0], walker.AllowedTokens()); // only `{"` can start the object (`{` alone is not a token)
        walker.Take(0).Take(1).Take(2).Take(3);

        // Inside the string value: `{"` (content `{`, then the closing quote), a, x, `"}`, `}` (content) and `"`;
        // not `":"` (a colon cannot follow a property value).
        Assert.Equal([0, 1, 3, 4, 5, 6], walker.AllowedTokens());
        walker.Take(4);
        Assert.True(walker.IsComplete);
        Assert.Empty(walker.AllowedTokens());
    }

    [Fact]
    public void Texts_of_the_schema_are_accepted_and_others_rejected()
    {
        var c = TokenConstraint.JsonSchema(NameSchema);
        Assert.True(Accepts(c, """{"a":"x"}"""));
        Assert.True(Accepts(c, """{ "a" : "x y" }"""));
        Assert.False(Accepts(c, """{}""")); // required
        Assert.False(Accepts(c, """{"a":1}"""));
        Assert.False(Accepts(c, """{"a":"x","b":"y"}""")); // no additional properties
        Assert.False(Accepts(c, """{"a":"x"} """)); // nothing after the value
        Assert.False(Accepts(c, """ {"a":"x"}""")); // nor before it
    }

    [Fact]
    public void Numbers_split_across_tokens_follow_the_json_number_grammar()
    {
        var c = TokenConstraint.JsonSchema("""{"type":"object","properties":{"n":{"type":"number"}},"required":["n"]}""");
        // Tokens: 0 `{"n":`, 1 `1`, 2 `2`, 3 `3}`, 4 `.`, 5 `-`, 6 `0`, 7 `e`, 8 `}`, 9 `5`.
        var vocabulary = Vocabulary.Of("{\"n\":", "1", "2", "3}", ".", "-", "0", "e", "}", "5");
        var walker = new Walker(c, vocabulary);
        walker.Take(0).Take(1).Take(2);
        Assert.True(walker.Allows(3)); // 123}
        Assert.True(walker.Allows(4)); // 12.
        Assert.True(walker.Allows(7)); // 12e
        Assert.False(walker.Allows(5)); // 12-
        walker.Take(4);
        Assert.False(walker.Allows(8)); // "12." is not a number
        walker.Take(9).Take(3);
        Assert.True(walker.IsComplete); // {"n":12.53}

        var negative = new Walker(c, vocabulary).Take(0).Take(5).Take(6);
        Assert.False(negative.Allows(9)); // -05: no leading zero
        Assert.True(negative.Allows(4)); // -0.
        Assert.True(negative.Allows(8)); // -0}

        Assert.True(Accepts(c, """{"n":-0.5e+12}"""));
        Assert.False(Accepts(c, """{"n":+1}"""));
        Assert.False(Accepts(c, """{"n":01}"""));
        Assert.False(Accepts(c, """{"n":1.}"""));
    }

    [Fact]
    public void Escapes_inside_strings_are_json_escapes()
    {
        var c = TokenConstraint.JsonSchema("""{"type":"string"}""");
        Assert.True(Accepts(c, "\"a\\\"b\""));
        Assert.True(Accepts(c, "\"caf\\u00e9\""));
        Assert.True(Accepts(c, "\"\\n\\t\\\\\\/\""));
        Assert.True(Accepts(c, "\"café ✓ 😀\""));
        Assert.False(Accepts(c, "\"\\x41\""));
        Assert.False(Accepts(c, "\"\\u00g9\""));
        Assert.False(Accepts(c, "\"\\ud800\"")); // a lone surrogate escape
        Assert.False(Accepts(c, "\"a\nb\"")); // raw control character
        Assert.False(Accepts(c, "\"a\"b\""));

        // \u00e9 split over tokens: `"\u00`, `e9`, `"`.
        var vocabulary = Vocabulary.Of("\"\\u00", "e9", "\"", "zz");
        var walker = new Walker(c, vocabulary).Take(0);
        Assert.Equal([1], walker.AllowedTokens());
        walker.Take(1).Take(2);
        Assert.True(walker.IsComplete);
    }

    [Fact]
    public void Partial_utf8_tokens_are_allowed_exactly_where_the_character_can_be_finished()
    {
        // Tokens: 0 `"`, 1 0xC3 (first byte of é), 2 0xA9 (its second byte), 3 0xFF (never valid UTF-8).
        var vocabulary = new Vocabulary([(byte)'"'], [0xC3], [0xA9], [0xFF]);
        var walker = new Walker(TokenConstraint.JsonSchema("""{"type":"string"}"""), vocabulary).Take(0);
        Assert.Equal([0, 1], walker.AllowedTokens()); // a lone continuation byte or 0xFF cannot come next
        walker.Take(1);
        Assert.Equal([2], walker.AllowedTokens()); // the character must be completed first
        walker.Take(2).Take(0);
        Assert.True(walker.IsComplete);

        // [a-z]+ allows no byte of é.
        var regex = new Walker(TokenConstraint.Regex("[a-z]+"), vocabulary);
        Assert.Empty(regex.AllowedTokens());
        Assert.True(new Walker(TokenConstraint.Regex("[a-zé]+"), vocabulary).Allows(1));
    }

    [Fact]
    public void Whitespace_is_bounded_and_only_between_tokens()
    {
        var c = TokenConstraint.JsonSchema(NameSchema, new JsonConstraintOptions { MaxWhitespace = 3 });
        Assert.True(Accepts(c, "{\n  \"a\":\t\"x\"\r\n}"));
        Assert.True(Accepts(c, "{   \"a\":\"x\"}"));
        Assert.False(Accepts(c, "{    \"a\":\"x\"}")); // 4 > 3
        Assert.False(Accepts(c, "{\"a\"\u00a0:\"x\"}")); // no-break space is not JSON whitespace

        var compact = TokenConstraint.JsonSchema(NameSchema, new JsonConstraintOptions { MaxWhitespace = 0 });
        Assert.True(Accepts(compact, """{"a":"x"}"""));
        Assert.False(Accepts(compact, """{"a": "x"}"""));
    }

    [Fact]
    public void Optional_properties_keep_commas_right_in_schema_order()
    {
        var c = TokenConstraint.JsonSchema("""
            {"type":"object","properties":{"a":{"type":"integer"},"b":{"type":"boolean"},"c":{"type":"null"}},"required":["b"]}
            """);
        Assert.True(Accepts(c, """{"b":true}"""));
        Assert.True(Accepts(c, """{"a":1,"b":false,"c":null}"""));
        Assert.True(Accepts(c, """{"b":true,"c":null}"""));
        Assert.False(Accepts(c, """{"a":1}"""));
        Assert.False(Accepts(c, """{,"b":true}"""));
        Assert.False(Accepts(c, """{"b":true,}"""));
        Assert.False(Accepts(c, """{"b":true,"a":1}""")); // schema order
    }

    [Fact]
    public void Arrays_enums_const_anyof_refs_and_formats()
    {
        var c = TokenConstraint.JsonSchema("""
            {"$defs":{"color":{"enum":["red","green",3,null]},
                      "node":{"type":"object","properties":{"v":{"type":"integer"},"next":{"anyOf":[{"$ref":"#/$defs/node"},{"type":"null"}]}},"required":["v","next"]}},
             "type":"object",
             "properties":{
               "tags":{"type":"array","items":{"type":"string","maxLength":3},"minItems":1,"maxItems":2},
               "color":{"$ref":"#/$defs/color"},
               "k":{"const":{"x":[1,2]}},
               "when":{"type":"string","format":"date-time"},
               "day":{"type":"string","format":"date"},
               "id":{"type":"string","format":"uuid"},
               "list":{"$ref":"#/$defs/node"}},
             "required":["tags","color","k","when","day","id","list"]}
            """);
        const string ok = """{"tags":["ab","c"],"color":3,"k":{"x":[1,2]},"when":"2024-05-06T07:08:09.5+02:00","day":"2023-02-28","id":"123e4567-e89b-12d3-a456-426614174000","list":{"v":1,"next":{"v":2,"next":null}}}""";
        Assert.True(Accepts(c, ok));
        Assert.False(Accepts(c, ok.Replace("[\"ab\",\"c\"]", "[]", StringComparison.Ordinal))); // minItems
        Assert.False(Accepts(c, ok.Replace("[\"ab\",\"c\"]", "[\"a\",\"b\",\"c\"]", StringComparison.Ordinal))); // maxItems
        Assert.False(Accepts(c, ok.Replace("\"ab\"", "\"abcd\"", StringComparison.Ordinal))); // maxLength
        Assert.False(Accepts(c, ok.Replace("\"color\":3", "\"color\":\"blue\"", StringComparison.Ordinal)));
        Assert.True(Accepts(c, ok.Replace("\"color\":3", "\"color\":null", StringComparison.Ordinal)));
        Assert.False(Accepts(c, ok.Replace("2023-02-28", "2023-02-30", StringComparison.Ordinal)));
        Assert.False(Accepts(c, ok.Replace("2023-02-28", "2023-13-01", StringComparison.Ordinal)));
        Assert.False(Accepts(c, ok.Replace("07:08:09.5", "24:08:09.5", StringComparison.Ordinal)));
        Assert.False(Accepts(c, ok.Replace("123e4567", "123e456", StringComparison.Ordinal)));
        Assert.False(Accepts(c, ok.Replace("[1,2]", "[1,3]", StringComparison.Ordinal)));
    }

    [Fact]
    public void String_patterns_match_the_decoded_content_with_json_escapes()
    {
        var c = TokenConstraint.JsonSchema("""{"type":"string","pattern":"^a\"b\\\\c[0-9]{2,3}$"}""");
        Assert.True(Accepts(c, "\"a\\\"b\\\\c12\""));
        Assert.True(Accepts(c, "\"a\\\"b\\\\c123\""));
        Assert.False(Accepts(c, "\"a\\\"b\\\\c1\""));
        Assert.False(Accepts(c, "\"a\"b\\\\c12\""));
    }

    [Theory]
    [InlineData(0, 10)]
    [InlineData(-7, 13)]
    [InlineData(-250, -17)]
    [InlineData(19, 1000)]
    [InlineData(100, 100)]
    [InlineData(-1000, 0)]
    public void Integer_bounds_accept_exactly_the_integers_inside(int min, int max)
    {
        var c = TokenConstraint.JsonSchema($$"""{"type":"integer","minimum":{{min}},"maximum":{{max}}}""");
        for (var v = -1200; v <= 1200; v++)
        {
            Assert.True(Accepts(c, v.ToString(System.Globalization.CultureInfo.InvariantCulture)) == (v >= min && v <= max), $"{v} in [{min},{max}]");
        }

        Assert.False(Accepts(c, "-0"));
        Assert.False(Accepts(c, "007"));
    }

    [Fact]
    public void Number_bounds_keep_decimals_inside()
    {
        var c = TokenConstraint.JsonSchema("""{"type":"number","minimum":-2.5,"exclusiveMaximum":3}""");
        Assert.True(Accepts(c, "2.999"));
        Assert.True(Accepts(c, "-1.5"));
        Assert.True(Accepts(c, "-2"));
        Assert.False(Accepts(c, "3"));
        Assert.False(Accepts(c, "3.5"));
        Assert.False(Accepts(c, "-2.7"));
        Assert.False(Accepts(c, "1e5"));
    }

    [Theory]
    [InlineData("""{"type":"array","uniqueItems":true}""", "uniqueItems")]
    [InlineData("""{"type":"object","patternProperties":{}}""", "patternProperties")]
    [InlineData("""{"type":"string","format":"email"}""", "format")]
    [InlineData("""{"oneOf":[{"type":"string"}]}""", "oneOf")]
    [InlineData("""{"type":"number","multipleOf":2}""", "multipleOf")]
    [InlineData("""{"$ref":"https://example.com/s.json"}""", "$ref")]
    public void Unsupported_keywords_are_named(string schema, string keyword)
    {
        var e = Assert.Throws<UnsupportedSchemaException>(() => TokenConstraint.JsonSchema(schema));
        Assert.Equal(keyword, e.Keyword);
        Assert.Contains(keyword, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"type":"array","minItems":3,"maxItems":2}""")]
    [InlineData("""{"type":"integer","minimum":5,"maximum":4}""")]
    [InlineData("""{"type":"object","properties":{"a":false},"required":["a"]}""")]
    [InlineData("""{"anyOf":[false,false]}""")]
    [InlineData("""{"type":"object","properties":{"a":{"type":"string","pattern":"[a-z]{2}","enum":[]}}}""")]
    public void Schemas_that_nothing_satisfies_fail_before_generation(string schema) =>
        Assert.Throws<UnsupportedSchemaException>(() => TokenConstraint.JsonSchema(schema));

    [Fact]
    public void Any_json_accepts_objects_up_to_the_nesting_limit()
    {
        var c = TokenConstraint.AnyJson(new JsonConstraintOptions { MaxNesting = 2 });
        Assert.True(Accepts(c, """{"a":[1,{"b":"c"}],"d":{"e":null}}"""));
        Assert.True(Accepts(c, "{}"));
        Assert.False(Accepts(c, "[1]")); // json_object mode: an object
        Assert.False(Accepts(c, """{"a":[[[1]]]}""")); // too deep
        Assert.False(Accepts(c, """{"a":1,}"""));
    }
}
