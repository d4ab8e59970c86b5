using System.Collections.Concurrent;
using Sharpformers.Generation.Constraints;

namespace Sharpformers.Pipelines;

/// <summary>
/// Constraints by description (kind and text), so a schema, regex or tool set repeated across requests is compiled once:
/// a <see cref="TokenConstraint"/> caches its compiled form per tokenizer on the instance.
/// </summary>
internal static class ConstraintCache
{
    private const int Limit = 128;
    private static readonly ConcurrentDictionary<string, TokenConstraint> Cache = new(StringComparer.Ordinal);

    /// <summary>
    /// Any JSON object for <c>json_object</c>: nesting is kept at 3 levels, because deeper free-form JSON compiles to
    /// an automaton too large for the constraint library's limit.
    /// </summary>
    public static TokenConstraint AnyJson() => GetOrAdd("any-json", () => TokenConstraint.AnyJson(new JsonConstraintOptions { MaxNesting = 3 }));

    public static TokenConstraint GetOrAdd(string key, Func<TokenConstraint> create)
    {
        if (Cache.TryGetValue(key, out var found))
        {
            return found;
        }

        var constraint = create();
        if (Cache.Count >= Limit)
        {
            Cache.Clear();
        }

        return Cache.GetOrAdd(key, constraint);
    }
}
