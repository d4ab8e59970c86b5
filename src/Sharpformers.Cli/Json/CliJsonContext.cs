using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Sharpformers.Cli.Json;

/// <summary>
/// Source-generated JSON metadata for every type the tool reads or writes with <c>System.Text.Json</c>, so that no command
/// (and no <c>serve</c> route) needs reflection: the Native AOT build of the tool runs them unchanged.
/// </summary>
[JsonSerializable(typeof(long[][]))]
[JsonSerializable(typeof(int[]))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(JsonObject))]
[JsonSerializable(typeof(JsonNode))]
internal sealed partial class CliJsonContext : JsonSerializerContext;
