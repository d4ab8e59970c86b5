using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sharpformers.Models;

/// <summary>Reads <c>early_stopping</c>, which is <c>true</c>, <c>false</c> or the string <c>"never"</c>.</summary>
internal sealed class EarlyStoppingJsonConverter : JsonConverter<EarlyStopping>
{
    public override EarlyStopping Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.True => EarlyStopping.AsSoonAsPossible,
        JsonTokenType.False or JsonTokenType.Null => EarlyStopping.Heuristic,
        JsonTokenType.String when reader.GetString() == "never" => EarlyStopping.Never,
        _ => throw new JsonException("early_stopping must be true, false or \"never\""),
    };

    public override void Write(Utf8JsonWriter writer, EarlyStopping value, JsonSerializerOptions options)
    {
        switch (value)
        {
            case EarlyStopping.AsSoonAsPossible: writer.WriteBooleanValue(true); break;
            case EarlyStopping.Never: writer.WriteStringValue("never"); break;
            default: writer.WriteBooleanValue(false); break;
        }
    }
}
