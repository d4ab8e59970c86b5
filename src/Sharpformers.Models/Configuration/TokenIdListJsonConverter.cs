using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sharpformers.Models;

/// <summary>Reads a token id field that transformers allows as a single integer or a list (such as <c>eos_token_id</c>).</summary>
internal sealed class TokenIdListJsonConverter : JsonConverter<IReadOnlyList<int>?>
{
    public override IReadOnlyList<int>? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.Number:
                return [reader.GetInt32()];
            case JsonTokenType.StartArray:
                var ids = new List<int>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (reader.TokenType != JsonTokenType.Number)
                    {
                        throw new JsonException($"expected a token id (integer) in the list, found {reader.TokenType}");
                    }

                    ids.Add(reader.GetInt32());
                }

                return ids;
            default:
                throw new JsonException($"expected a token id or a list of token ids, found {reader.TokenType}");
        }
    }

    public override void Write(Utf8JsonWriter writer, IReadOnlyList<int>? value, JsonSerializerOptions options)
    {
        if (value is null)
        {
            writer.WriteNullValue();
        }
        else if (value.Count == 1)
        {
            writer.WriteNumberValue(value[0]);
        }
        else
        {
            writer.WriteStartArray();
            foreach (var id in value)
            {
                writer.WriteNumberValue(id);
            }

            writer.WriteEndArray();
        }
    }
}
