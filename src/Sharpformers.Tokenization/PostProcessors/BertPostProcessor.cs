namespace Sharpformers.Tokenization.PostProcessors;

/// <summary><c>[CLS] A [SEP]</c> (type 0) <c>B [SEP]</c> (type 1) (HF <c>BertProcessing</c>).</summary>
internal sealed class BertPostProcessor((string Token, int Id) sep, (string Token, int Id) cls) : IPostProcessor
{
    public int AddedTokens(bool isPair) => isPair ? 3 : 2;

    public SingleSequenceFrame SingleFrame() => new(0, [new FrameToken(cls.Id, cls.Token, 0)], [new FrameToken(sep.Id, sep.Token, 0)]);

    public void ProcessEncodings(List<Encoding> encodings, bool addSpecialTokens)
    {
        if (!addSpecialTokens)
        {
            return;
        }

        encodings[0] = SpecialTokenWrapper.Wrap(cls, encodings[0], sep, 0, 0);
        if (encodings.Count > 1)
        {
            encodings[1].SetTypeIds(1);
            encodings[1] = SpecialTokenWrapper.Wrap(null, encodings[1], sep, 1, 1);
        }
    }
}
