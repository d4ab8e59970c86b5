using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sharpformers.Models;

/// <summary>
/// Source-generated System.Text.Json metadata for the configuration types read from model folders, so that loading a model
/// needs no reflection or emitted IL (a large part of a cold process's start-up otherwise) and stays trimming-safe.
/// The options are those transformers' JSON files need: trailing commas, comments, numbers written as strings.
/// </summary>
[JsonSourceGenerationOptions(
    AllowTrailingCommas = true,
    ReadCommentHandling = JsonCommentHandling.Skip,
    NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(GenerationConfig))]
internal sealed partial class ModelsJsonContext : JsonSerializerContext;
