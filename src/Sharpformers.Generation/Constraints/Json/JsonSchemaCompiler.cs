using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Sharpformers.Generation.Constraints.Automata;
using Sharpformers.Generation.Constraints.Regex;

namespace Sharpformers.Generation.Constraints.Json;

/// <summary>
/// Compiles a JSON Schema (the OpenAI structured-outputs / vLLM subset) into an NFA of the JSON texts it accepts.
/// Unknown or unsupported keywords are errors naming the keyword and its JSON path; annotations are ignored.
/// </summary>
internal sealed class JsonSchemaCompiler
{
    private static readonly HashSet<string> Annotations =
    [
        "title", "description", "$schema", "$id", "$comment", "default", "examples", "deprecated", "readOnly", "writeOnly",
        "$defs", "definitions", "strict",
    ];

    private static readonly HashSet<string> Supported =
    [
        "type", "properties", "required", "additionalProperties", "items", "minItems", "maxItems", "enum", "const",
        "pattern", "format", "minLength", "maxLength", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum",
        "anyOf", "allOf", "$ref",
    ];

    private static readonly JsonWriterOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly Dictionary<string, string> Formats = new()
    {
        ["date"] = DatePattern,
        ["time"] = TimePattern,
        ["date-time"] = DatePattern + "T" + TimePattern,
        ["uuid"] = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}",
    };

    // Years 1000-9999; February stops at 28 so that every date exists in every year.
    private const string DatePattern =
        "[1-9][0-9]{3}-((0[13578]|1[02])-(0[1-9]|[12][0-9]|3[01])|(0[469]|11)-(0[1-9]|[12][0-9]|30)|02-(0[1-9]|1[0-9]|2[0-8]))";

    private const string TimePattern = "([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\\.[0-9]{1,6})?(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])";

    private readonly JsonElement _root;
    private readonly JsonConstraintOptions _options;
    private readonly JsonGrammar _grammar;
    private readonly NfaBuilder _builder;
    private readonly Dictionary<string, int> _refDepth = [];

    private JsonSchemaCompiler(JsonElement root, JsonConstraintOptions options, NfaBuilder builder)
    {
        _root = root;
        _options = options;
        _builder = builder;
        _grammar = new JsonGrammar(builder, options);
    }

    public static NfaFragment Compile(string schemaJson, JsonConstraintOptions options, NfaBuilder builder)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(schemaJson, new JsonDocumentOptions { MaxDepth = 256 });
        }
        catch (JsonException e)
        {
            throw new UnsupportedSchemaException(null, $"the JSON schema is not valid JSON: {e.Message}");
        }

        using (document)
        {
            return new JsonSchemaCompiler(document.RootElement, options, builder).Value(document.RootElement, "#");
        }
    }

    private static UnsupportedSchemaException Unsupported(string keyword, string path, string why) =>
        new(keyword, $"JSON Schema keyword '{keyword}' at {path} is not supported: {why}");

    private NfaFragment Value(JsonElement schema, string path)
    {
        if (schema.ValueKind == JsonValueKind.True)
        {
            return _grammar.AnyValue(_options.MaxNesting);
        }

        if (schema.ValueKind == JsonValueKind.False)
        {
            return _builder.Nothing();
        }

        if (schema.ValueKind != JsonValueKind.Object)
        {
            throw new UnsupportedSchemaException(null, $"the schema at {path} must be an object or a boolean, not {schema.ValueKind}");
        }

        foreach (var property in schema.EnumerateObject())
        {
            if (!Supported.Contains(property.Name) && !Annotations.Contains(property.Name))
            {
                throw Unsupported(property.Name, path, "outside the supported subset (see TokenConstraint.JsonSchema)");
            }
        }

        if (schema.TryGetProperty("$ref", out var reference))
        {
            return Reference(schema, reference, path);
        }

        if (schema.TryGetProperty("allOf", out var allOf))
        {
            if (allOf.ValueKind != JsonValueKind.Array || allOf.GetArrayLength() != 1 || schema.EnumerateObject().Any(p => Supported.Contains(p.Name) && p.Name != "allOf"))
            {
                throw Unsupported("allOf", path, "only a single-element allOf without sibling keywords is supported");
            }

            return Value(allOf[0], path + "/allOf/0");
        }

        if (schema.TryGetProperty("const", out var constant))
        {
            return _builder.Text(Canonical(constant));
        }

        if (schema.TryGetProperty("enum", out var enumeration))
        {
            if (enumeration.ValueKind != JsonValueKind.Array || enumeration.GetArrayLength() == 0)
            {
                throw new UnsupportedSchemaException("enum", $"'enum' at {path} must be a non-empty array");
            }

            return _builder.Alternate([.. enumeration.EnumerateArray().Select(v => _builder.Text(Canonical(v)))]);
        }

        if (schema.TryGetProperty("anyOf", out var anyOf))
        {
            if (anyOf.ValueKind != JsonValueKind.Array || anyOf.GetArrayLength() == 0)
            {
                throw new UnsupportedSchemaException("anyOf", $"'anyOf' at {path} must be a non-empty array");
            }

            var i = 0;
            return _builder.Alternate([.. anyOf.EnumerateArray().Select(s => Value(s, $"{path}/anyOf/{i++}"))]);
        }

        var types = Types(schema, path);
        if (types.Count == 0)
        {
            return _grammar.AnyValue(_options.MaxNesting);
        }

        return _builder.Alternate([.. types.Select(t => Typed(schema, t, path))]);
    }

    private List<string> Types(JsonElement schema, string path)
    {
        if (!schema.TryGetProperty("type", out var type))
        {
            if (schema.TryGetProperty("properties", out _))
            {
                return ["object"];
            }

            return schema.TryGetProperty("items", out _) ? ["array"] : [];
        }

        if (type.ValueKind == JsonValueKind.String)
        {
            return [type.GetString()!];
        }

        if (type.ValueKind == JsonValueKind.Array && type.GetArrayLength() > 0 && type.EnumerateArray().All(t => t.ValueKind == JsonValueKind.String))
        {
            return [.. type.EnumerateArray().Select(t => t.GetString()!)];
        }

        throw new UnsupportedSchemaException("type", $"'type' at {path} must be a type name or a non-empty array of them");
    }

    private NfaFragment Typed(JsonElement schema, string type, string path) => type switch
    {
        "object" => Object(schema, path),
        "array" => Array(schema, path),
        "string" => String(schema, path),
        "integer" => Integer(schema, path),
        "number" => Number(schema, path),
        "boolean" => _builder.Alternate([_builder.Text("true"), _builder.Text("false")]),
        "null" => _builder.Text("null"),
        _ => throw new UnsupportedSchemaException("type", $"'type' at {path} has the unknown type '{type}'"),
    };

    private NfaFragment Reference(JsonElement schema, JsonElement reference, string path)
    {
        foreach (var property in schema.EnumerateObject())
        {
            if (property.Name != "$ref" && Supported.Contains(property.Name))
            {
                throw Unsupported(property.Name, path, "keywords next to '$ref' are not supported");
            }
        }

        var target = reference.GetString() ?? string.Empty;
        var resolved = Resolve(target) is { } found ? found : throw new UnsupportedSchemaException("$ref", $"'$ref' at {path} points to '{target}', which is not in this schema (only local '#/...' references are supported)");
        var depth = _refDepth.GetValueOrDefault(target);
        if (depth >= _options.MaxNesting)
        {
            // A recursive schema is unrolled MaxNesting times; deeper branches are cut.
            return _builder.Nothing();
        }

        _refDepth[target] = depth + 1;
        try
        {
            return Value(resolved, target);
        }
        finally
        {
            _refDepth[target] = depth;
        }
    }

    private JsonElement? Resolve(string reference)
    {
        if (reference == "#")
        {
            return _root;
        }

        if (!reference.StartsWith("#/", StringComparison.Ordinal))
        {
            return null;
        }

        var current = _root;
        foreach (var raw in reference[2..].Split('/'))
        {
            var segment = Uri.UnescapeDataString(raw).Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            if (current.ValueKind == JsonValueKind.Object && current.TryGetProperty(segment, out var next))
            {
                current = next;
            }
            else if (current.ValueKind == JsonValueKind.Array && int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < current.GetArrayLength())
            {
                current = current[index];
            }
            else
            {
                return null;
            }
        }

        return current;
    }

    private NfaFragment Object(JsonElement schema, string path)
    {
        var properties = new List<(string Name, JsonElement Schema)>();
        if (schema.TryGetProperty("properties", out var props))
        {
            if (props.ValueKind != JsonValueKind.Object)
            {
                throw new UnsupportedSchemaException("properties", $"'properties' at {path} must be an object");
            }

            properties.AddRange(props.EnumerateObject().Select(p => (p.Name, p.Value)));
        }

        var required = new HashSet<string>();
        if (schema.TryGetProperty("required", out var req))
        {
            if (req.ValueKind != JsonValueKind.Array || req.EnumerateArray().Any(r => r.ValueKind != JsonValueKind.String))
            {
                throw new UnsupportedSchemaException("required", $"'required' at {path} must be an array of strings");
            }

            foreach (var name in req.EnumerateArray().Select(r => r.GetString()!))
            {
                if (!properties.Any(p => p.Name == name))
                {
                    throw new UnsupportedSchemaException("required", $"'required' at {path} names '{name}', which is not in 'properties'");
                }

                required.Add(name);
            }
        }

        // additionalProperties: false, true or absent generate only the listed properties (a subset of what true allows);
        // a schema with no 'properties' is a map of that schema.
        if (properties.Count == 0 && schema.TryGetProperty("additionalProperties", out var additional) && additional.ValueKind == JsonValueKind.Object)
        {
            return _grammar.Map(() => Value(additional, path + "/additionalProperties"));
        }

        if (properties.Count == 0 && !schema.TryGetProperty("additionalProperties", out _) && !schema.TryGetProperty("properties", out _))
        {
            return _grammar.AnyObject(Math.Max(0, _options.MaxNesting - 1));
        }

        // Two states per position: N (no member written yet) and S (some member written, so a comma comes first).
        var b = _builder;
        var open = b.Concat(b.Text("{"), _grammar.Whitespace());
        var none = open.End;
        var some = b.NewState();
        foreach (var (name, propertySchema) in properties)
        {
            var member = b.NewState();
            b.Epsilon(none, member);
            var comma = _grammar.Separator();
            b.Epsilon(some, comma.Start);
            b.Epsilon(comma.End, member);
            var body = b.Concat(
                b.Text(Compact(writer => writer.WriteStringValue(name))),
                _grammar.Whitespace(),
                b.Text(":"),
                _grammar.Whitespace(),
                Value(propertySchema, $"{path}/properties/{name}"));
            b.Epsilon(member, body.Start);
            var nextNone = b.NewState();
            var nextSome = b.NewState();
            b.Epsilon(body.End, nextSome);
            if (!required.Contains(name))
            {
                b.Epsilon(none, nextNone);
                b.Epsilon(some, nextSome);
            }

            none = nextNone;
            some = nextSome;
        }

        var close = b.Concat(_grammar.Whitespace(), b.Text("}"));
        b.Epsilon(none, close.Start);
        b.Epsilon(some, close.Start);
        return new NfaFragment(open.Start, close.End);
    }

    private NfaFragment Array(JsonElement schema, string path)
    {
        var min = NonNegativeInt(schema, "minItems", path) ?? 0;
        var max = NonNegativeInt(schema, "maxItems", path);
        if (max < min)
        {
            throw new UnsupportedSchemaException("maxItems", $"'maxItems' at {path} is smaller than 'minItems': no array satisfies the schema");
        }

        if (!schema.TryGetProperty("items", out var items))
        {
            return _grammar.Array(() => _grammar.AnyValue(Math.Max(0, _options.MaxNesting - 1)), min, max);
        }

        if (items.ValueKind is not (JsonValueKind.Object or JsonValueKind.True or JsonValueKind.False))
        {
            throw Unsupported("items", path, "only a single schema is supported (not an array of schemas)");
        }

        return _grammar.Array(() => Value(items, path + "/items"), min, max);
    }

    private NfaFragment String(JsonElement schema, string path)
    {
        var min = NonNegativeInt(schema, "minLength", path) ?? 0;
        var max = NonNegativeInt(schema, "maxLength", path);
        var hasLength = schema.TryGetProperty("minLength", out _) || max is not null;
        max ??= _options.MaxStringLength is { } cap ? Math.Max(cap, min) : null;
        if (max < min)
        {
            throw new UnsupportedSchemaException("maxLength", $"'maxLength' at {path} is smaller than 'minLength': no string satisfies the schema");
        }

        if (schema.TryGetProperty("pattern", out var pattern))
        {
            if (hasLength)
            {
                throw Unsupported("pattern", path, "'pattern' together with 'minLength'/'maxLength' is not supported (put the length in the pattern)");
            }

            RegexNode node;
            try
            {
                node = RegexParser.Parse(pattern.GetString() ?? string.Empty);
            }
            catch (ArgumentException e)
            {
                throw new UnsupportedSchemaException("pattern", $"'pattern' at {path}: {e.Message}");
            }

            return _grammar.StringMatching(node);
        }

        if (schema.TryGetProperty("format", out var format))
        {
            var name = format.GetString() ?? string.Empty;
            if (!Formats.TryGetValue(name, out var regex))
            {
                throw new UnsupportedSchemaException("format", $"'format' '{name}' at {path} is not supported (supported: {string.Join(", ", Formats.Keys)})");
            }

            return _grammar.StringMatching(RegexParser.Parse(regex));
        }

        return _grammar.String(min, max);
    }

    private NfaFragment Integer(JsonElement schema, string path)
    {
        var bounds = Bounds(schema, path);
        if (bounds.Low is null && bounds.High is null)
        {
            return _grammar.Integer();
        }

        var (low, high) = bounds.IntegerRange();
        return low <= high ? NumberRanges.Integer(_builder, low, high) : throw Empty(path);
    }

    private NfaFragment Number(JsonElement schema, string path)
    {
        var bounds = Bounds(schema, path);
        if (bounds.Low is null && bounds.High is null)
        {
            return _grammar.Number();
        }

        var fragment = NumberRanges.Decimal(_grammar, bounds);
        var (low, high) = bounds.IntegerRange();
        return low <= high || bounds.High - bounds.Low >= 1 ? fragment : throw Empty(path);
    }

    private static UnsupportedSchemaException Empty(string path) =>
        new("minimum", $"the bounds at {path} leave no number that this constraint can generate");

    /// <summary>minimum/maximum and their exclusive forms (the tighter one wins).</summary>
    private static NumberBounds Bounds(JsonElement schema, string path)
    {
        double? low = null;
        double? high = null;
        bool lowExclusive = false, highExclusive = false;
        foreach (var (keyword, isLow, exclusive) in new[] { ("minimum", true, false), ("exclusiveMinimum", true, true), ("maximum", false, false), ("exclusiveMaximum", false, true) })
        {
            if (!schema.TryGetProperty(keyword, out var bound))
            {
                continue;
            }

            if (bound.ValueKind != JsonValueKind.Number)
            {
                throw new UnsupportedSchemaException(keyword, $"'{keyword}' at {path} must be a number");
            }

            var value = Math.Clamp(bound.GetDouble(), -NumberRanges.Limit, NumberRanges.Limit);
            if (isLow && (low is null || value > low || (value == low && exclusive)))
            {
                (low, lowExclusive) = (value, exclusive);
            }
            else if (!isLow && (high is null || value < high || (value == high && exclusive)))
            {
                (high, highExclusive) = (value, exclusive);
            }
        }

        return new NumberBounds(low, lowExclusive, high, highExclusive);
    }

    private static int? NonNegativeInt(JsonElement schema, string keyword, string path)
    {
        if (!schema.TryGetProperty(keyword, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var n) || n < 0)
        {
            throw new UnsupportedSchemaException(keyword, $"'{keyword}' at {path} must be a non-negative integer");
        }

        if (n > 10_000)
        {
            throw Unsupported(keyword, path, "values above 10000 are not supported");
        }

        return n;
    }

    /// <summary>A value of the schema written as compact JSON.</summary>
    private static string Canonical(JsonElement value) => Compact(value.WriteTo);

    /// <summary>What <paramref name="write"/> writes, as compact JSON with relaxed escaping (no reflection, AOT-safe).</summary>
    private static string Compact(Action<Utf8JsonWriter> write)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, Relaxed))
        {
            write(writer);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
