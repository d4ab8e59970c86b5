using Sharpformers.Tokenization.Core;

namespace Sharpformers.Tokenization.Models;

/// <summary>Greedy longest-match-first sub-words with a continuation prefix (HF <c>WordPiece</c>).</summary>
internal sealed partial class WordPieceModel : ITokenizerModel
{
    private readonly Dictionary<string, int> vocab;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> vocabBySpan;
    private readonly string[] vocabR;
    private readonly string unkToken;
    private readonly string prefix;
    private readonly int maxInputCharsPerWord;

    /// <summary>The prefix of word-continuing pieces (<c>##</c>).</summary>
    public string ContinuingSubwordPrefix => prefix;

    public WordPieceModel(Dictionary<string, int> vocab, string unkToken, string continuingSubwordPrefix, int maxInputCharsPerWord)
    {
        this.vocab = vocab;
        vocabBySpan = vocab.GetAlternateLookup<ReadOnlySpan<char>>();
        vocabR = VocabularyMap.Reverse(vocab);
        this.unkToken = unkToken;
        prefix = continuingSubwordPrefix;
        this.maxInputCharsPerWord = maxInputCharsPerWord;
    }

    public int VocabSize => vocab.Count;

    public int? TokenToId(string token) => vocab.TryGetValue(token, out var id) ? id : null;

    public string? IdToToken(int id) => id >= 0 && id < vocabR.Length ? vocabR[id] : null;

    /// <summary>Per-thread list the pieces of a word are collected in (the returned array is exact-size and the caller's).</summary>
    [ThreadStatic]
    private static List<Token>? tokenScratch;

    public Token[] Tokenize(string word)
    {
        if (CountCodePoints(word) > maxInputCharsPerWord)
        {
            return [Unknown(word.Length)];
        }

        var lookup = spanVocabulary ?? CreateSpanVocabulary();
        var tokens = tokenScratch ??= new List<Token>(16);
        tokens.Clear();
        var start = 0;
        while (start < word.Length)
        {
            var id = LongestPiece(word, start, lookup, out var end);
            if (id < 0)
            {
                return [Unknown(word.Length)];
            }

            tokens.Add(new Token(id, vocabR[id], start, end));
            start = end;
        }

        return tokens.ToArray();
    }

    private Token Unknown(int length)
    {
        if (!vocab.TryGetValue(unkToken, out var id))
        {
            throw new InvalidOperationException($"the WordPiece unk_token '{unkToken}' is not in the vocabulary");
        }

        return new Token(id, unkToken, 0, length);
    }
}
