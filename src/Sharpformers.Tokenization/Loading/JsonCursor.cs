using System.Text.Json;

namespace Sharpformers.Tokenization.Loading;

/// <summary>A JSON element with its path, so every read can fail with <see cref="TokenizerFormatException"/> naming the field.</summary>
internal readonly struct JsonCursor(JsonElement element, string path, string file)
{
    public JsonElement Element { get; } = element;

    public string Path { get; } = path;

    public string File { get; } = file;

    public JsonValueKind Kind => Element.ValueKind;

    public TokenizerFormatException Fail(string message, Exception? inner = null) => new(File, Path, message, inner);

    public bool Has(string name) => Element.ValueKind == JsonValueKind.Object && Element.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null;

    public JsonCursor? Optional(string name)
    {
        if (Element.ValueKind != JsonValueKind.Object)
        {
            throw Fail($"expected an object, found {Element.ValueKind}");
        }

        return Element.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null ? new JsonCursor(v, $"{Path}.{name}", File) : null;
    }

    public JsonCursor Required(string name) => Optional(name) ?? throw new TokenizerFormatException(File, $"{Path}.{name}", "required field is missing");

    public string String() => Element.ValueKind == JsonValueKind.String ? Element.GetString()! : throw Fail($"expected a string, found {Element.ValueKind}");

    public bool Bool() => Element.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => throw Fail($"expected true or false, found {Element.ValueKind}"),
    };

    public int Int() => Element.ValueKind == JsonValueKind.Number && Element.TryGetInt32(out var v) && v >= 0
        ? v
        : throw Fail($"expected a non-negative integer, found {Element.GetRawText()}");

    public double Double() => Element.ValueKind == JsonValueKind.Number ? Element.GetDouble() : throw Fail($"expected a number, found {Element.ValueKind}");

    public string? OptionalString(string name) => Optional(name)?.String();

    public bool OptionalBool(string name, bool fallback) => Optional(name)?.Bool() ?? fallback;

    public int? OptionalInt(string name) => Optional(name)?.Int();

    /// <summary>This array's items as cursors, in an array (no iterator or LINQ on the load path).</summary>
    public JsonCursor[] Items()
    {
        if (Element.ValueKind != JsonValueKind.Array)
        {
            throw Fail($"expected an array, found {Element.ValueKind}");
        }

        // The struct enumerator walks the array once; JsonElement's indexer scans from the start for every item of an
        // array of objects, which made reading 40k added tokens take seconds.
        var items = new JsonCursor[Element.GetArrayLength()];
        var i = 0;
        foreach (var item in Element.EnumerateArray())
        {
            items[i] = Item(item, i);
            i++;
        }

        return items;
    }

    /// <summary>The cursor of this array's item at <paramref name="index"/>; its path string is built here, so hot loops call it only to fail.</summary>
    public JsonCursor Item(JsonElement item, int index) => new(item, $"{Path}[{index}]", File);

    /// <summary>The cursor of one of this object's properties; its path string is built here, so hot loops call it only to fail.</summary>
    public JsonCursor Property(JsonProperty property) => new(property.Value, $"{Path}[\"{PathName(property.Name)}\"]", File);

    /// <summary>This object's properties with their cursors, in an array (no iterator on the load path).</summary>
    public (string Name, JsonCursor Value)[] Properties()
    {
        if (Element.ValueKind != JsonValueKind.Object)
        {
            throw Fail($"expected an object, found {Element.ValueKind}");
        }

        var properties = new (string Name, JsonCursor Value)[Element.GetPropertyCount()];
        var i = 0;
        foreach (var p in Element.EnumerateObject())
        {
            properties[i++] = (p.Name, Property(p));
        }

        return properties;
    }

    public string Type() => Required("type").String();

    /// <summary>
    /// A property name as it appears in a path: JSON-escaped, except that a name of letters, digits and <c>_-. []</c>
    /// (which the escaping leaves as is) is used directly, so loading a usual file never initialises the text encoder.
    /// </summary>
    private static string PathName(string name)
    {
        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('_' or '-' or '.' or ' ' or '[' or ']'))
            {
                return JsonEncodedText.Encode(name).ToString();
            }
        }

        return name;
    }
}
