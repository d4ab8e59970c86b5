using Sharpformers.Tokenization.Core;

namespace Sharpformers.Tokenization.Models;

/// <summary>One token per word, or the unknown token (HF <c>WordLevel</c>).</summary>
internal sealed class WordLevelModel(Dictionary<string, int> vocab, string unkToken) : ITokenizerModel
{
    private readonly string[] vocabR = VocabularyMap.Reverse(vocab);

    public int VocabSize => vocab.Count;

    public int? TokenToId(string token) => vocab.TryGetValue(token, out var id) ? id : null;

    public string? IdToToken(int id) => id >= 0 && id < vocabR.Length ? vocabR[id] : null;

    public Token[] Tokenize(string word)
    {
        if (vocab.TryGetValue(word, out var id))
        {
            return [new Token(id, word, 0, word.Length)];
        }

        if (vocab.TryGetValue(unkToken, out var unk))
        {
            return [new Token(unk, unkToken, 0, word.Length)];
        }

        throw new InvalidOperationException($"the WordLevel unk_token '{unkToken}' is not in the vocabulary");
    }
}
