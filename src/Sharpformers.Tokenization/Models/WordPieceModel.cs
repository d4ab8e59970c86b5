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

    public Token[] Tokenize(string word)
    {
        var charCount = 0;
        for (var i = 0; i < word.Length; i++)
        {
            if (!char.IsLowSurrogate(word[i]))
            {
                charCount++;
            }
        }

        if (charCount > maxInputCharsPerWord)
        {
            return [Unknown(word.Length)];
        }

        var tokens = new List<Token>();
        var start = 0;
        while (start < word.Length)
        {
            var end = word.Length;
            Token? found = null;
            while (start < end)
            {
                int id;
                bool ok;
                if (start > 0)
                {
                    var candidate = string.Concat(prefix, word.AsSpan(start, end - start));
                    ok = vocab.TryGetValue(candidate, out id);
                    if (ok)
                    {
                        found = new Token(id, candidate, start, end);
                        break;
                    }
                }
                else
                {
                    ok = vocabBySpan.TryGetValue(word.AsSpan(start, end - start), out id);
                    if (ok)
                    {
                        found = new Token(id, vocabR[id], start, end);
                        break;
                    }
                }

                end -= end - 2 >= start && char.IsLowSurrogate(word[end - 1]) && char.IsHighSurrogate(word[end - 2]) ? 2 : 1;
            }

            if (found is null)
            {
                return [Unknown(word.Length)];
            }

            tokens.Add(found.Value);
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
