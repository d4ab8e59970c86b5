using Sharpformers.Generation.Streaming;
using Sharpformers.Tokenization;
using Sharpformers.Tokenization.Streaming;

namespace Sharpformers.Pipelines;

/// <summary>Lets generation (stop strings, streaming) read text through a <see cref="PretrainedTokenizer"/>.</summary>
internal sealed class TokenizerForGeneration(PretrainedTokenizer tokenizer) : IGenerationTokenizer
{
    public string Decode(IReadOnlyList<int> ids, bool skipSpecialTokens) => tokenizer.Decode([.. ids], skipSpecialTokens);

    public string GetTokenText(int id) => tokenizer.ConvertIdsToTokens([id])[0] ?? string.Empty;

    public IStreamingTokenDecoder CreateStreamingDecoder(bool skipSpecialTokens) => new Streaming(tokenizer.CreateStreamingDecoder(skipSpecialTokens));

    private sealed class Streaming(StreamingDecoder decoder) : IStreamingTokenDecoder
    {
        public string Append(int id) => decoder.Append(id);

        public string Flush() => decoder.Flush();
    }
}
