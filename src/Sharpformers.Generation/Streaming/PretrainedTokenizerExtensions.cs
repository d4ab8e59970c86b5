using System.Runtime.CompilerServices;
using Sharpformers.Generation.Constraints;
using Sharpformers.Tokenization;
using TokenizerStreamingDecoder = Sharpformers.Tokenization.Streaming.StreamingDecoder;

namespace Sharpformers.Generation.Streaming;

/// <summary>Connects <see cref="PretrainedTokenizer"/> to generation (stop strings, streamed text).</summary>
public static class PretrainedTokenizerExtensions
{
    private static readonly ConditionalWeakTable<PretrainedTokenizer, IGenerationTokenizer> Views = [];

    /// <summary>
    /// Wraps the tokenizer for <see cref="GenerationOptions.Tokenizer"/> (the same view each time for one tokenizer, so
    /// that what constrained decoding derives from the vocabulary is computed once). The view also implements
    /// <see cref="ITokenVocabulary"/>.
    /// </summary>
    /// <param name="tokenizer">The tokenizer.</param>
    /// <returns>The generation view of the tokenizer.</returns>
    public static IGenerationTokenizer AsGenerationTokenizer(this PretrainedTokenizer tokenizer)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        return Views.GetValue(tokenizer, t => new PretrainedGenerationTokenizer(t));
    }

    private sealed class PretrainedGenerationTokenizer : IGenerationTokenizer, ITokenVocabulary
    {
        // transformers' clean_tokenizer_vocab decodes each token after a fixed prefix, so markers such as Ġ or ▁ read as spaces.
        private const string Prefix = "abcdef";
        private readonly PretrainedTokenizer _tokenizer;
        private readonly int[] _prefixIds;

        public PretrainedGenerationTokenizer(PretrainedTokenizer tokenizer)
        {
            _tokenizer = tokenizer;
            _prefixIds = [.. tokenizer.Encode(Prefix, addSpecialTokens: false).Ids];
        }

        public string Decode(IReadOnlyList<int> ids, bool skipSpecialTokens) => _tokenizer.Decode(ids, skipSpecialTokens);

        public string GetTokenText(int id)
        {
            var ids = new int[_prefixIds.Length + 1];
            _prefixIds.CopyTo(ids, 0);
            ids[^1] = id;
            var text = _tokenizer.Decode(ids, skipSpecialTokens: false, cleanUpTokenizationSpaces: false);
            var at = text.IndexOf(Prefix, StringComparison.Ordinal);
            return at >= 0 ? text[(at + Prefix.Length)..] : _tokenizer.Decode([id], skipSpecialTokens: false, cleanUpTokenizationSpaces: false);
        }

        public int TokenCount => _tokenizer.TotalVocabSize;

        public byte[] GetTokenBytes(int id) => _tokenizer.GetTokenBytes(id);

        public bool IsAddedToken(int id) => _tokenizer.IsAddedToken(id);

        public IStreamingTokenDecoder CreateStreamingDecoder(bool skipSpecialTokens) => new Streamer(_tokenizer.CreateStreamingDecoder(skipSpecialTokens));

        private sealed class Streamer(TokenizerStreamingDecoder decoder) : IStreamingTokenDecoder
        {
            public string Append(int id) => decoder.Append(id);

            public string Flush() => decoder.Flush();
        }
    }
}
