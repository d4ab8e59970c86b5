namespace Sharpformers.Generation;

/// <summary>
/// A prompt holds a token id the model cannot embed (negative, or not below the vocabulary size); thrown before the
/// graph runs (ONNX Runtime would fail with an index error, or silently wrap a negative id). The usual cause is a
/// tokenizer and a model from different repositories.
/// </summary>
public sealed class TokenIdOutOfRangeException : ArgumentException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="tokenId">The offending id.</param>
    /// <param name="row">The prompt (batch row) holding it.</param>
    /// <param name="position">Its position in the prompt.</param>
    /// <param name="vocabSize">The model's vocabulary size.</param>
    public TokenIdOutOfRangeException(long tokenId, int row, int position, int vocabSize)
        : base(Describe(tokenId, row, position, vocabSize), "inputIds")
    {
        TokenId = tokenId;
        Row = row;
        Position = position;
        VocabSize = vocabSize;
    }

    /// <summary>The offending id.</summary>
    public long TokenId { get; }

    /// <summary>The prompt (batch row) holding it.</summary>
    public int Row { get; }

    /// <summary>Its position in the prompt.</summary>
    public int Position { get; }

    /// <summary>The model's vocabulary size.</summary>
    public int VocabSize { get; }

    /// <summary>The message without the parameter-name suffix of <see cref="ArgumentException"/>.</summary>
    public override string Message => Describe(TokenId, Row, Position, VocabSize);

    /// <summary>Throws when an id of <paramref name="inputIds"/> is outside <c>[0, vocabSize)</c>.</summary>
    /// <param name="inputIds">The prompts.</param>
    /// <param name="vocabSize">The model's vocabulary size.</param>
    /// <exception cref="TokenIdOutOfRangeException">An id is out of range.</exception>
    public static void ThrowIfOutOfRange(IReadOnlyList<IReadOnlyList<long>> inputIds, int vocabSize)
    {
        ArgumentNullException.ThrowIfNull(inputIds);
        for (var row = 0; row < inputIds.Count; row++)
        {
            var prompt = inputIds[row];
            if (prompt is null)
            {
                continue;
            }

            for (var position = 0; position < prompt.Count; position++)
            {
                var id = prompt[position];
                if ((ulong)id >= (ulong)vocabSize)
                {
                    throw new TokenIdOutOfRangeException(id, row, position, vocabSize);
                }
            }
        }
    }

    private static string Describe(long tokenId, int row, int position, int vocabSize) =>
        $"token id {tokenId} (prompt {row}, position {position}) is outside the model's vocabulary of {vocabSize} ids (0..{vocabSize - 1}); "
        + (tokenId < 0 ? "token ids are never negative" : "the tokenizer and the model probably come from different repositories");
}
