namespace Sharpformers.Tokenization.PostProcessors;

/// <summary>One piece of a template: sequence A/B or a named special token, with the type id it gets.</summary>
internal sealed record TemplatePiece(bool IsSequence, string Name, int TypeId);

/// <summary>A special token of a template (one name can stand for several ids).</summary>
internal sealed record TemplateSpecialToken(string Name, int[] Ids, string[] Tokens);

/// <summary>Builds the output from templates such as <c>[CLS] $A [SEP] $B:1 [SEP]:1</c> (HF <c>TemplateProcessing</c>).</summary>
internal sealed class TemplatePostProcessor(
    IReadOnlyList<TemplatePiece> single,
    IReadOnlyList<TemplatePiece> pair,
    IReadOnlyDictionary<string, TemplateSpecialToken> specialTokens) : IPostProcessor
{
    public int AddedTokens(bool isPair)
    {
        var count = 0;
        foreach (var piece in isPair ? pair : single)
        {
            if (!piece.IsSequence)
            {
                count += specialTokens[piece.Name].Ids.Length;
            }
        }

        return count;
    }

    public SingleSequenceFrame? SingleFrame()
    {
        var prefix = new List<FrameToken>();
        var suffix = new List<FrameToken>();
        int? sequenceTypeId = null;
        foreach (var piece in single)
        {
            if (piece.IsSequence)
            {
                if (piece.Name != "A" || sequenceTypeId is not null)
                {
                    return null;
                }

                sequenceTypeId = piece.TypeId;
                continue;
            }

            var special = specialTokens[piece.Name];
            for (var i = 0; i < special.Ids.Length; i++)
            {
                (sequenceTypeId is null ? prefix : suffix).Add(new FrameToken(special.Ids[i], special.Tokens[i], piece.TypeId));
            }
        }

        return sequenceTypeId is { } typeId ? new SingleSequenceFrame(typeId, [.. prefix], [.. suffix]) : null;
    }

    public void ProcessEncodings(List<Encoding> encodings, bool addSpecialTokens)
    {
        var template = encodings.Count > 1 ? pair : single;
        var result = Apply(template, encodings[0], encodings.Count > 1 ? encodings[1] : null, addSpecialTokens);
        encodings.Clear();
        encodings.Add(result);
    }

    private Encoding Apply(IReadOnlyList<TemplatePiece> template, Encoding a, Encoding? b, bool addSpecialTokens)
    {
        var result = Encoding.Empty(a.Length + (b?.Length ?? 0) + (addSpecialTokens ? AddedTokens(b is not null) : 0));
        foreach (var piece in template)
        {
            if (piece.IsSequence)
            {
                var source = piece.Name == "A" ? a : b ?? throw new InvalidOperationException("the pair template references $B but only one sequence was given");
                source.SetTypeIds(piece.TypeId);
                result.Append(source);
            }
            else if (addSpecialTokens)
            {
                var special = specialTokens[piece.Name];
                for (var i = 0; i < special.Ids.Length; i++)
                {
                    result.Add(special.Ids[i], piece.TypeId, special.Tokens[i], (0, 0), 1);
                }
            }
        }

        foreach (var o in a.OverflowList)
        {
            result.OverflowList.Add(Apply(template, o, b, addSpecialTokens));
        }

        if (b is not null)
        {
            foreach (var o in b.OverflowList)
            {
                result.OverflowList.Add(Apply(template, a, o, addSpecialTokens));
            }
        }

        return result;
    }
}
