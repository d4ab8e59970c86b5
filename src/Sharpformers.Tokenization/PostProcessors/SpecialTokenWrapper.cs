namespace Sharpformers.Tokenization.PostProcessors;

/// <summary>Wraps an encoding between special tokens (shared by the BERT and RoBERTa post-processors).</summary>
internal static class SpecialTokenWrapper
{
    public static Encoding Wrap((string Token, int Id)? before, Encoding inner, (string Token, int Id) after, int typeBefore, int typeAfter)
    {
        var result = Encoding.Empty(inner.Length + (before is null ? 1 : 2));
        if (before is { } b)
        {
            result.Add(b.Id, typeBefore, b.Token, (0, 0), 1);
        }

        result.Append(inner);
        result.Add(after.Id, typeAfter, after.Token, (0, 0), 1);
        foreach (var o in inner.OverflowList)
        {
            result.OverflowList.Add(Wrap(before, o, after, typeBefore, typeAfter));
        }

        return result;
    }
}
