using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sharpformers.Hub;

/// <summary>
/// Source-generated (reflection-free, trimming- and Native AOT-safe) JSON metadata for every type the Hub client reads:
/// the revision-info and tree-listing API answers and the <c>trees/&lt;commit&gt;.json</c> cache file. Web defaults, as
/// <c>ReadFromJsonAsync</c> used before.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(RepoRevisionInfo))]
[JsonSerializable(typeof(List<RepoTreeEntry>))]
[JsonSerializable(typeof(TreeDocument))]
internal sealed partial class HubJsonContext : JsonSerializerContext;
