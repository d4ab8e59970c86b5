using Sharpformers.Generation.Constraints.Automata;

namespace Sharpformers.Generation.Constraints.Regex;

/// <summary>A parsed regular expression over characters.</summary>
internal abstract record RegexNode
{
    /// <summary>Builds the byte-level fragment. In a JSON string, characters that JSON must escape are written escaped.</summary>
    public abstract NfaFragment Build(NfaBuilder builder, bool insideJsonString);
}

/// <summary>One character from a set.</summary>
internal sealed record CharNode(CharSet Set) : RegexNode
{
    private static readonly CharSet MustEscape = CharSet.Of([(0, 0x1F), ('"', '"'), ('\\', '\\')]);

    public override NfaFragment Build(NfaBuilder builder, bool insideJsonString)
    {
        if (!insideJsonString)
        {
            return Set.Build(builder);
        }

        var parts = new List<NfaFragment> { Set.Except(MustEscape).Build(builder) };
        foreach (var (low, high) in Set.Intersect(MustEscape).Ranges)
        {
            for (var c = low; c <= high; c++)
            {
                parts.Add(builder.Text(JsonEscape(c)));
            }
        }

        return parts.Count == 1 ? parts[0] : builder.Alternate(parts);
    }

    private static string JsonEscape(int c) => c switch
    {
        '"' => "\\\"",
        '\\' => "\\\\",
        '\n' => "\\n",
        '\r' => "\\r",
        '\t' => "\\t",
        '\b' => "\\b",
        '\f' => "\\f",
        _ => $"\\u{c:x4}",
    };
}

/// <summary>The parts one after the other.</summary>
internal sealed record ConcatNode(IReadOnlyList<RegexNode> Parts) : RegexNode
{
    public override NfaFragment Build(NfaBuilder builder, bool insideJsonString)
    {
        var fragments = new NfaFragment[Parts.Count];
        for (var i = 0; i < Parts.Count; i++)
        {
            fragments[i] = Parts[i].Build(builder, insideJsonString);
        }

        return builder.Concat(fragments);
    }
}

/// <summary>Any one of the alternatives.</summary>
internal sealed record AlternationNode(IReadOnlyList<RegexNode> Alternatives) : RegexNode
{
    public override NfaFragment Build(NfaBuilder builder, bool insideJsonString)
    {
        var fragments = new List<NfaFragment>(Alternatives.Count);
        foreach (var a in Alternatives)
        {
            fragments.Add(a.Build(builder, insideJsonString));
        }

        return builder.Alternate(fragments);
    }
}

/// <summary>The item repeated <see cref="Min"/> to <see cref="Max"/> (null: unbounded) times.</summary>
internal sealed record RepeatNode(RegexNode Item, int Min, int? Max) : RegexNode
{
    public override NfaFragment Build(NfaBuilder builder, bool insideJsonString) =>
        builder.Repeat(() => Item.Build(builder, insideJsonString), Min, Max);
}

/// <summary>The empty string.</summary>
internal sealed record EmptyNode : RegexNode
{
    public override NfaFragment Build(NfaBuilder builder, bool insideJsonString) => builder.Empty();
}
