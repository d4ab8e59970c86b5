using Sharpformers.Tokenization.Core;

namespace Sharpformers.Tokenization.Models;

/// <summary>The vocabulary model that turns one pre-tokenized word into tokens (HF <c>Model</c>).</summary>
internal interface ITokenizerModel
{
    /// <summary>Tokens of <paramref name="word"/>, offsets in UTF-16 chars of <paramref name="word"/>.</summary>
    Token[] Tokenize(string word);

    /// <summary>Appends the tokens of <paramref name="word"/> to <paramref name="output"/> (as <see cref="Tokenize(string)"/> gives them).</summary>
    void Tokenize(string word, List<Token> output) => output.AddRange(Tokenize(word));

    int? TokenToId(string token);

    string? IdToToken(int id);

    /// <summary>Number of entries in the model's vocabulary (added tokens not counted).</summary>
    int VocabSize { get; }
}
