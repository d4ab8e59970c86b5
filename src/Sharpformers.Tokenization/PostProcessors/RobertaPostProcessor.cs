namespace Sharpformers.Tokenization.PostProcessors;

/// <summary><c>&lt;s&gt; A &lt;/s&gt;&lt;/s&gt; B &lt;/s&gt;</c>, all type ids 0, optional offset trimming (HF <c>RobertaProcessing</c>).</summary>
internal sealed class RobertaPostProcessor((string Token, int Id) sep, (string Token, int Id) cls, bool trimOffsets, bool addPrefixSpace) : IPostProcessor
{
    public int AddedTokens(bool isPair) => isPair ? 4 : 2;

    public void ProcessEncodings(List<Encoding> encodings, bool addSpecialTokens)
    {
        foreach (var e in encodings)
        {
            if (trimOffsets)
            {
                ByteLevelOffsets.Trim(e, addPrefixSpace);
            }

            e.SetTypeIds(0);
            foreach (var o in e.OverflowList)
            {
                o.SetTypeIds(0);
            }
        }

        if (!addSpecialTokens)
        {
            return;
        }

        for (var i = 0; i < encodings.Count; i++)
        {
            encodings[i] = SpecialTokenWrapper.Wrap(i == 0 ? cls : sep, encodings[i], sep, 0, 0);
        }
    }
}
