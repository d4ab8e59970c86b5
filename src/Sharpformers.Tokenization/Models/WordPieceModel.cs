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
        var tokens = tokenScratch ??= new List<Token>(16);
        tokens.Clear();
        Tokenize(word, tokens);
        return tokens.ToArray();
    }

    /// <summary>Appends the pieces of <paramref name="word"/> (no array per word: the encode path gathers a whole sequence's tokens in one list).</summary>
    public void Tokenize(string word, List<Token> output) => Tokenize(word.AsSpan(), output);

    /// <summary>Appends the pieces of <paramref name="word"/>, a span of a normalized split (no string per word).</summary>
    public void Tokenize(ReadOnlySpan<char> word, List<Token> output)
    {
        if (CountCodePoints(word) > maxInputCharsPerWord)
        {
            output.Add(Unknown(word.Length));
            return;
        }

        var lookup = spanVocabulary ?? CreateSpanVocabulary();
        var first = output.Count;
        var start = 0;
        while (start < word.Length)
        {
            var id = LongestPiece(word, start, lookup, out var end);
            if (id < 0)
            {
                output.RemoveRange(first, output.Count - first);
                output.Add(Unknown(word.Length));
                return;
            }

            output.Add(new Token(id, vocabR[id], start, end));
            start = end;
        }
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
